import { isPlainObject } from '@sosw/core';
import type { SQSRecord } from 'aws-lambda';
import { MEDIA_TYPE_ATTRIBUTE } from './constants.js';
import { WorkerError } from './errors.js';

/** A record's message: its text (unwrapped from an SNS envelope) and its media type, when it has one. */
export interface RecordMessage {
  text: string;
  mediaType: string | undefined;
  /** `sns` when the body was an SNS notification envelope (SNS -> SQS without raw delivery). */
  source: 'sqs' | 'sns';
}

/**
 * The SNS -> SQS envelope (subscriptions without raw message delivery):
 * https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html#http-notification-json
 */
interface SnsNotification {
  Type: 'Notification';
  TopicArn: string;
  Message: string;
  MessageAttributes?: Record<string, { Type?: string; Value?: string }>;
}

function isSnsNotification(value: unknown): value is SnsNotification {
  return (
    isPlainObject(value) &&
    value.Type === 'Notification' &&
    typeof value.TopicArn === 'string' &&
    typeof value.Message === 'string'
  );
}

/**
 * A record's message: the body, or, when the body is an SNS notification envelope, the `Message` inside it.
 * The media type is the `media_type` message attribute, of the SNS message first, else of the SQS message.
 *
 * @example
 * recordMessage({ body: '{"Type":"Notification","TopicArn":"arn:aws:sns:us-east-1:1:t","Message":"{\\"n\\":1}"}', ... });
 * // { text: '{"n":1}', mediaType: undefined, source: 'sns' }
 */
export function recordMessage(record: Pick<SQSRecord, 'body' | 'messageAttributes'>): RecordMessage {
  const sqsMediaType = record.messageAttributes[MEDIA_TYPE_ATTRIBUTE]?.stringValue;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.body);
  } catch {
    return { text: record.body, mediaType: sqsMediaType, source: 'sqs' };
  }
  if (!isSnsNotification(parsed)) return { text: record.body, mediaType: sqsMediaType, source: 'sqs' };
  const snsMediaType = parsed.MessageAttributes?.[MEDIA_TYPE_ATTRIBUTE]?.Value;
  return { text: parsed.Message, mediaType: snsMediaType ?? sqsMediaType, source: 'sns' };
}

/**
 * The URL of the queue a record came from, from its `eventSourceARN`
 * (`arn:<partition>:sqs:<region>:<account>:<queue>` -> `https://sqs.<region>.<domain>/<account>/<queue>`).
 *
 * @throws {WorkerError} when the ARN is not an SQS queue's
 *
 * @example
 * queueUrlFromArn('arn:aws:sqs:eu-west-1:123456789012:stats'); // 'https://sqs.eu-west-1.amazonaws.com/123456789012/stats'
 * queueUrlFromArn('arn:aws-cn:sqs:cn-north-1:123456789012:q'); // 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q'
 */
export function queueUrlFromArn(arn: string): string {
  const parts = arn.split(':');
  const [prefix, partition, service, region, account, queue] = parts;
  if (
    parts.length !== 6 ||
    prefix !== 'arn' ||
    service !== 'sqs' ||
    partition === undefined ||
    !region ||
    !account ||
    !queue
  ) {
    throw new WorkerError(
      `eventSourceARN "${arn}" is not an SQS queue ARN (arn:<partition>:sqs:<region>:<account>:<queue>)`,
    );
  }
  return `https://sqs.${region}.${partitionDomain(partition)}/${account}/${queue}`;
}

function partitionDomain(partition: string): string {
  if (partition === 'aws-cn') return 'amazonaws.com.cn';
  return 'amazonaws.com';
}

/**
 * How many times SQS has delivered the record, this delivery included (`ApproximateReceiveCount`); 1 when absent.
 *
 * @example
 * receiveCount({ attributes: { ApproximateReceiveCount: '3' } }); // 3
 */
export function receiveCount(record: { attributes: { ApproximateReceiveCount?: string } }): number {
  const count = Number(record.attributes.ApproximateReceiveCount);
  return Number.isInteger(count) && count > 0 ? count : 1;
}
