import { readFileSync } from 'node:fs';
import type {
  DynamoDBStreamEvent,
  EventBridgeEvent,
  S3Event,
  SNSEvent,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';

/** The event fixtures in tests/fixtures/events, by file name, each with its type. */
interface Fixtures {
  sqs: SQSEvent;
  sns: SNSEvent;
  's3-put': S3Event;
  's3-test-event': Record<string, unknown>;
  's3-in-sns': SNSEvent;
  's3-in-sqs': SQSEvent;
  's3-in-sns-in-sqs': SQSEvent;
  'dynamodb-stream': DynamoDBStreamEvent;
  'eventbridge-ec2': EventBridgeEvent<string, Record<string, unknown>>;
  'eventbridge-custom': EventBridgeEvent<string, Record<string, unknown>>;
  'eventbridge-scheduled': EventBridgeEvent<string, Record<string, unknown>>;
  'sosw-schedule': { sosw_schedule: string; payload: Record<string, unknown> };
}

/** A fresh copy of a fixture: tests may change it freely. */
export function fixture<N extends keyof Fixtures>(name: N): Fixtures[N] {
  const url = new URL(`../fixtures/events/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Fixtures[N];
}

/** The SQS fixture's first record with another body, id and queue: a message of a queue the test names. */
export function sqsMessage(body: unknown, messageId: string, queueArn: string): SQSRecord {
  const [record] = fixture('sqs').Records as [SQSRecord];
  return {
    ...record,
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    eventSourceARN: queueArn,
  };
}
