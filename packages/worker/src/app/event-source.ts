import { isPlainObject } from '@sosw/core';
import type { DynamoDBStreamEvent, EventBridgeEvent, S3Event, SNSEvent, SQSEvent } from 'aws-lambda';
import { isS3Records, s3NotificationOf } from './s3-notification.js';

/** The field of the event the infra's schedules send: `{ "sosw_schedule": "<name>", "payload": {...} }`. */
export const SCHEDULE_FIELD = 'sosw_schedule';

/** An incoming event, by where it came from. */
export type IncomingEvent =
  | { source: 'task'; event: Record<string, unknown> }
  | { source: 'schedule'; name: string; event: Record<string, unknown> }
  | { source: 'sqs'; event: SQSEvent }
  | { source: 'sns'; event: SNSEvent }
  | { source: 's3'; event: S3Event }
  | { source: 's3-test' }
  | { source: 'stream'; event: DynamoDBStreamEvent }
  | { source: 'eventbridge'; event: EventBridgeEvent<string, unknown> }
  | { source: 'unknown'; description: string };

/**
 * Tells where an event came from, by the shapes AWS documents for each source:
 *
 * - `task_id`: sosw's task invocation (the orchestrator's);
 * - `sosw_schedule` (a string): the infra's schedule;
 * - `Records` whose first record has `eventSource` `aws:sqs`, `aws:s3` or `aws:dynamodb`, or `EventSource`
 *   `aws:sns` (SNS spells it with a capital E);
 * - `detail-type`, `source` and `detail`: an EventBridge event;
 * - S3's `s3:TestEvent`.
 *
 * @example
 * incomingEvent({ task_id: 't1', n: 1 }).source; // 'task'
 * incomingEvent({ Records: [{ eventSource: 'aws:sqs', ... }] }).source; // 'sqs'
 * incomingEvent({ hello: 1 }); // { source: 'unknown', description: 'an event with keys "hello" (...)' }
 */
export function incomingEvent(event: unknown): IncomingEvent {
  if (!isPlainObject(event)) return { source: 'unknown', description: describeEvent(event) };
  if (event.task_id !== undefined) return { source: 'task', event };
  const schedule = event[SCHEDULE_FIELD];
  if (typeof schedule === 'string') return { source: 'schedule', name: schedule, event };
  const records = event.Records;
  if (Array.isArray(records) && records.length > 0 && isPlainObject(records[0])) {
    const first = records[0];
    if (first.eventSource === 'aws:sqs') return { source: 'sqs', event: event as unknown as SQSEvent };
    if (first.EventSource === 'aws:sns') return { source: 'sns', event: event as unknown as SNSEvent };
    if (isS3Records(records)) return { source: 's3', event: event as unknown as S3Event };
    if (first.eventSource === 'aws:dynamodb') {
      return { source: 'stream', event: event as unknown as DynamoDBStreamEvent };
    }
  }
  if (typeof event['detail-type'] === 'string' && typeof event.source === 'string' && 'detail' in event) {
    return { source: 'eventbridge', event: event as unknown as EventBridgeEvent<string, unknown> };
  }
  if (s3NotificationOf(event)?.kind === 'test') return { source: 's3-test' };
  return { source: 'unknown', description: describeEvent(event) };
}

/**
 * What an event looks like, in a few words, for an error message: its records' source, or its keys.
 *
 * @example
 * describeEvent({ Records: [{ eventSource: 'aws:kinesis' }] }); // 'an event of 1 record from "aws:kinesis"'
 * describeEvent('hi'); // 'an event that is a string, not an object'
 */
export function describeEvent(event: unknown): string {
  if (!isPlainObject(event)) {
    const type = event === null ? 'null' : Array.isArray(event) ? 'an array' : `a ${typeof event}`;
    return `an event that is ${type}, not an object`;
  }
  const records = event.Records;
  if (Array.isArray(records) && records.length > 0) {
    const first: unknown = records[0];
    const source = isPlainObject(first) ? (first.eventSource ?? first.EventSource) : undefined;
    const from = typeof source === 'string' ? `from "${source}"` : 'with no eventSource';
    return `an event of ${records.length} record${records.length === 1 ? '' : 's'} ${from}`;
  }
  const keys = Object.keys(event);
  const shown = keys.slice(0, 8).map((key) => `"${key}"`);
  if (keys.length > 8) shown.push(`and ${keys.length - 8} more`);
  const listed = keys.length === 0 ? 'no keys' : `keys ${shown.join(', ')}`;
  return `an event with ${listed} (no task_id, ${SCHEDULE_FIELD}, Records or detail-type)`;
}
