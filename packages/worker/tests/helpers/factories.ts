import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { WorkerLogger } from '../../src/index.js';

export const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:stats-queue';
export const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/stats-queue';

/**
 * The greenfield of a claim made a few seconds ago, as our orchestrator sets it (the claim's second plus
 * a year, `INVOKED_OFFSET_SECONDS`): in the future, which is how the SDK knows the event names its attempt.
 */
export const CLAIM_GREENFIELD = Math.floor(Date.now() / 1000) - 5 + 31_557_600;

/** What a report of `taskEvent`'s first attempt says of it. */
export const ATTEMPT_1 = { attempts: 1, greenfield: CLAIM_GREENFIELD };

/** An orchestrated worker's event, as `invocationPayload` of @sosw/task-manager builds it after a claim. */
export function taskEvent(payload: Record<string, unknown>, fields: Partial<Record<string, unknown>> = {}) {
  return {
    ...payload,
    task_id: 'task-1',
    labourer_id: 'echo',
    created_at: 1_700_000_000,
    attempts: 1,
    greenfield: CLAIM_GREENFIELD,
    ...fields,
  };
}

/** A Lambda context whose remaining time counts down from `remainingMs`, like Lambda's. */
export function lambdaContext(remainingMs = 60_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'worker',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:worker',
    memoryLimitInMB: '128',
    awsRequestId: 'request-1',
    logGroupName: '/aws/lambda/worker',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } as Context; // done/fail/succeed: deprecated callbacks no handler here uses
}

let nextId = 0;

/** An SQS record; `body` is sent as it is (a string) or as its JSON. */
export function sqsRecord(body: unknown, overrides: Partial<SQSRecord> = {}): SQSRecord {
  nextId += 1;
  return {
    messageId: `message-${nextId}`,
    receiptHandle: `receipt-${nextId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1700000000000',
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: '1700000000000',
    },
    messageAttributes: {},
    md5OfBody: 'md5',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'us-east-1',
    ...overrides,
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** An SNS notification as SNS delivers it to an SQS subscription without raw message delivery. */
export function snsEnvelope(message: string, mediaType?: string) {
  return {
    Type: 'Notification',
    MessageId: 'sns-1',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:stats',
    Message: message,
    Timestamp: '2024-05-06T07:08:09.010Z',
    SignatureVersion: '1',
    ...(mediaType === undefined
      ? {}
      : { MessageAttributes: { media_type: { Type: 'String', Value: mediaType } } }),
  };
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  extra: unknown[];
}

/** A logger that keeps its lines, so tests stay quiet and can read what was logged. */
export function recordingLogger(): WorkerLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, ...extra: unknown[]) => {
      lines.push({ level, message, extra });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
