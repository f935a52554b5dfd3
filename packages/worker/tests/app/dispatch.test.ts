import { S3Client } from '@aws-sdk/client-s3';
import { PayloadOffloader, PayloadPointerRefusedError } from '@sosw/serializer';
import { LOCAL_S3_CLIENT_CONFIG } from '@sosw/testing';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineApp, UnclaimedEventError, type ObjectDelivery, type Rejection } from '../../src/index.js';
import { fixture, sqsMessage } from '../helpers/event-fixtures.js';
import { lambdaContext, recordingLogger, taskEvent } from '../helpers/factories.js';
import { startAssistantRecorder } from '../helpers/local-assistant.js';

let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
beforeAll(async () => {
  assistant = await startAssistantRecorder();
});
afterAll(() => assistant.stop());

/** Every source registered once; each function records what it was called with. */
function everySourceApp() {
  const calls: { handler: string; input: unknown; detail?: unknown }[] = [];
  const app = defineApp({ logger: recordingLogger() })
    .onTask((input, { task_id }) => {
      calls.push({ handler: 'task', input, detail: task_id });
      return { echoed: true };
    })
    .onSchedule(
      'nightly',
      { expression: 'cron(0 3 * * ? *)', schema: z.object({ days: z.number().int() }) },
      (payload, { trigger }) => {
        calls.push({ handler: 'schedule', input: payload, detail: trigger.expression });
      },
    )
    .onQueue(
      'my-queue',
      { schema: z.object({ orderId: z.string(), amount: z.number() }) },
      (message, { messageId }) => {
        calls.push({ handler: 'queue', input: message, detail: messageId });
      },
    )
    .onTopic('sns-lambda', (message, { subject, topicArn }) => {
      calls.push({ handler: 'topic', input: message, detail: { subject, topicArn } });
    })
    .onObject('example-bucket', { events: ['s3:ObjectCreated:*'] }, (object, { delivery }) => {
      calls.push({ handler: 'object', input: object, detail: delivery });
    })
    .onStream('TestTable', (record, { eventName, sequenceNumber }) => {
      calls.push({ handler: 'stream', input: record.eventID, detail: { eventName, sequenceNumber } });
    })
    .onEvent({ source: ['aws.ec2'] }, { name: 'ec2-state' }, (event) => {
      calls.push({ handler: 'ec2-state', input: event.detail });
    })
    .onEvent(
      { source: ['my.app'], 'detail-type': ['OrderPlaced'] },
      { name: 'order-placed', schema: z.object({ orderId: z.string(), amount: z.number() }) },
      (event) => {
        calls.push({ handler: 'order-placed', input: event.detail, detail: event['detail-type'] });
      },
    )
    .onEvent(
      { source: ['aws.events'], 'detail-type': ['Scheduled Event'] },
      { name: 'legacy-rule' },
      (event) => {
        calls.push({ handler: 'legacy-rule', input: event.resources });
      },
    );
  return { handler: app.handler(), calls };
}

const objectCall = (delivery: ObjectDelivery) => ({
  handler: 'object',
  input: {
    bucket: 'example-bucket',
    key: 'test/key', // `test%2Fkey` in the event: keys arrive URL-encoded
    eventName: 'ObjectCreated:Put',
    eventTime: '1970-01-01T00:00:00.000Z',
    size: 1024,
    eTag: '0123456789abcdef0123456789abcdef',
    versionId: undefined,
    sequencer: '0A1B2C3D4E5F678901',
  },
  detail: delivery,
});

describe('defineApp: one handler dispatches each documented event to its source', () => {
  it('SQS: each message to onQueue, schema-parsed; an all-succeeded batch answers no failures', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('sqs'), lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([
      {
        handler: 'queue',
        input: { orderId: 'o-1', amount: 12.5 },
        detail: '059f36b4-87a3-44ab-83d2-661975830a7d',
      },
      {
        handler: 'queue',
        input: { orderId: 'o-2', amount: 7 },
        detail: '2e1424d4-f796-459a-8184-9c92662be6da',
      },
    ]);
  });

  it('SNS: the Message to onTopic, with its subject and topic', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('sns'), lambdaContext())).resolves.toBeUndefined();
    expect(calls).toEqual([
      {
        handler: 'topic',
        input: { level: 'warning', text: 'disk almost full' },
        detail: { subject: 'TestInvoke', topicArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda' },
      },
    ]);
  });

  it('S3, straight from the bucket: the object notice, key decoded', async () => {
    const { handler, calls } = everySourceApp();
    await handler(fixture('s3-put'), lambdaContext());
    expect(calls).toEqual([objectCall('s3')]);
  });

  it('S3 in an SNS message (a topic no onTopic claims): to onObject', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('s3-in-sns'), lambdaContext())).resolves.toBeUndefined();
    expect(calls).toEqual([objectCall('sns')]);
  });

  it('S3 in an SQS message (a queue no onQueue claims): to onObject, with a partial batch response', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('s3-in-sqs'), lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([objectCall('sqs')]);
  });

  it('S3 in an SNS envelope in an SQS message: to onObject', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('s3-in-sns-in-sqs'), lambdaContext())).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(calls).toEqual([objectCall('sns-in-sqs')]);
  });

  it("S3's s3:TestEvent is ignored, direct or in a queue", async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('s3-test-event'), lambdaContext())).resolves.toBeUndefined();
    const queued: SQSEvent = {
      Records: [sqsMessage(fixture('s3-test-event'), 'test-1', 'arn:aws:sqs:us-east-1:1:bucket-events')],
    };
    await expect(handler(queued, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
  });

  it('an S3 notice outside the trigger’s events is not handed to the function', async () => {
    const { handler, calls } = everySourceApp();
    const removed = fixture('s3-put');
    removed.Records[0]!.eventName = 'ObjectRemoved:Delete';
    await handler(removed, lambdaContext());
    expect(calls).toEqual([]);
  });

  it('DynamoDB stream: INSERT, MODIFY, REMOVE in order, by the table in the stream ARN', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('dynamodb-stream'), lambdaContext())).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(calls).toEqual([
      { handler: 'stream', input: '1', detail: { eventName: 'INSERT', sequenceNumber: '111' } },
      { handler: 'stream', input: '2', detail: { eventName: 'MODIFY', sequenceNumber: '222' } },
      { handler: 'stream', input: '3', detail: { eventName: 'REMOVE', sequenceNumber: '333' } },
    ]);
  });

  it('EventBridge: each event to the handler whose pattern matches it, detail schema-parsed', async () => {
    const { handler, calls } = everySourceApp();
    await handler(fixture('eventbridge-ec2'), lambdaContext());
    await handler(fixture('eventbridge-custom'), lambdaContext());
    await handler(fixture('eventbridge-scheduled'), lambdaContext());
    expect(calls).toEqual([
      { handler: 'ec2-state', input: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' } },
      { handler: 'order-placed', input: { orderId: 'o-42', amount: 250 }, detail: 'OrderPlaced' },
      { handler: 'legacy-rule', input: ['arn:aws:events:us-east-2:123456789012:rule/my-schedule'] },
    ]);
  });

  it("sosw's schedule event: the payload to onSchedule, schema-parsed", async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('sosw-schedule'), lambdaContext())).resolves.toBeUndefined();
    expect(calls).toEqual([{ handler: 'schedule', input: { days: 1 }, detail: 'cron(0 3 * * ? *)' }]);
  });

  it('a sosw task (task_id): to onTask, which reports to the worker-assistant as defineWorker does', async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(taskEvent({ account: 7 }), lambdaContext())).resolves.toEqual({ echoed: true });
    expect(calls).toEqual([{ handler: 'task', input: { account: 7 }, detail: 'task-1' }]);
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'task-1',
        labourer_id: 'echo',
        stats: {},
        result: { echoed: true },
      },
    ]);
  });
});

describe('defineApp: an event no handler claims is an error naming its source', () => {
  const registered =
    'this app handles: task, schedule "nightly", queue "my-queue", topic "sns-lambda", object "example-bucket", ' +
    'stream "TestTable", event "ec2-state", event "order-placed", event "legacy-rule"';

  it('an unknown shape: its keys, and every source the app handles', async () => {
    const { handler } = everySourceApp();
    const error = await handler({ hello: 'world', n: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnclaimedEventError);
    expect((error as Error).message).toBe(
      'no handler for an event with keys "hello", "n" (no task_id, sosw_schedule, Records or detail-type); ' +
        registered,
    );
  });

  it('records of a source the SDK does not serve (Kinesis): their eventSource', async () => {
    const { handler } = everySourceApp();
    await expect(handler({ Records: [{ eventSource: 'aws:kinesis', kinesis: {} }] })).rejects.toThrow(
      'no handler for an event of 1 record from "aws:kinesis"; this app handles',
    );
  });

  it('a known source with nothing registered for it: the queue, topic, bucket, table, schedule or event', async () => {
    const bare = defineApp({ logger: recordingLogger() }).onSchedule(
      'other',
      { expression: 'rate(1 day)' },
      () => {},
    );
    const handler = bare.handler();
    await expect(handler(fixture('sqs'))).rejects.toThrow(
      'no handler for an SQS message from queue "arn:aws:sqs:us-east-2:123456789012:my-queue"; this app handles: schedule "other"',
    );
    await expect(handler(fixture('sns'))).rejects.toThrow(
      'no handler for an SNS message from topic "arn:aws:sns:us-east-1:123456789012:sns-lambda"',
    );
    await expect(handler(fixture('s3-put'))).rejects.toThrow(
      'no handler for an S3 notification (ObjectCreated:Put) from bucket "example-bucket"',
    );
    await expect(handler(fixture('dynamodb-stream'))).rejects.toThrow(
      'no handler for a DynamoDB stream batch of table "TestTable"',
    );
    await expect(handler(fixture('sosw-schedule'))).rejects.toThrow(
      'no handler for a schedule event for "nightly"',
    );
    await expect(handler(fixture('eventbridge-ec2'))).rejects.toThrow(
      'no handler for an EventBridge event from source "aws.ec2" with detail-type "EC2 Instance State-change Notification"',
    );
    await expect(handler(taskEvent({}))).rejects.toThrow(
      'no handler for a sosw task invocation (task_id "task-1")',
    );
    await expect(handler('text')).rejects.toThrow('no handler for an event that is a string, not an object');
  });

  it('an SQS message of an unclaimed queue that is not an S3 notification fails that record (it is retried, then DLQ)', async () => {
    const { handler, calls } = everySourceApp();
    const queue = 'arn:aws:sqs:us-east-1:123456789012:audit';
    const event: SQSEvent = {
      Records: [
        sqsMessage(JSON.parse(fixture('s3-in-sqs').Records[0]!.body) as unknown, 'm-s3', queue),
        sqsMessage({ audit: true }, 'm-other', queue),
      ],
    };
    await expect(handler(event, lambdaContext())).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-other' }],
    });
    expect(calls.map((call) => call.handler)).toEqual(['object']);
  });
});

describe('defineApp: which queue or topic a trigger claims', () => {
  const claimed = (name: string, options: { queueArn?: string } = {}) => {
    const seen: string[] = [];
    const handler = defineApp({ logger: recordingLogger() })
      .onQueue(name, options, (_message, { record }) => {
        seen.push(record.eventSourceARN);
      })
      .handler();
    return async (queueArn: string) => {
      try {
        await handler({ Records: [sqsMessage({ n: 1 }, 'm-1', queueArn)] }, lambdaContext());
      } catch {
        return false;
      }
      return seen.includes(queueArn);
    };
  };

  it('the queue named as the trigger, or ending with -<name> (the infra’s <worker>-<name>); not merely ending with <name>', async () => {
    const orders = claimed('orders');
    expect(await orders('arn:aws:sqs:us-east-1:123456789012:orders')).toBe(true);
    expect(await orders('arn:aws:sqs:us-east-1:123456789012:queue-worker-orders')).toBe(true);
    expect(await orders('arn:aws:sqs:us-east-1:123456789012:backorders')).toBe(false);
    expect(await orders('arn:aws:sqs:us-east-1:123456789012:orders-dlq')).toBe(false);
  });

  it('a FIFO queue keeps .fifo in its name', async () => {
    const fifo = claimed('orders.fifo');
    expect(await fifo('arn:aws:sqs:us-east-1:123456789012:shop-orders.fifo')).toBe(true);
    expect(await claimed('orders')('arn:aws:sqs:us-east-1:123456789012:shop-orders.fifo')).toBe(false);
  });

  it('a declared queueArn claims that queue whatever its name', async () => {
    const legacy = claimed('orders', { queueArn: 'arn:aws:sqs:us-east-1:123456789012:LegacyOrderQueue' });
    expect(await legacy('arn:aws:sqs:us-east-1:123456789012:LegacyOrderQueue')).toBe(true);
  });

  it('topics follow the same rule, by TopicArn', async () => {
    const seen: unknown[] = [];
    const handler = defineApp({ logger: recordingLogger() })
      .onTopic('alerts', (message) => {
        seen.push(message);
      })
      .handler();
    const event = fixture('sns');
    event.Records[0]!.Sns.TopicArn = 'arn:aws:sns:us-east-1:123456789012:monitoring-alerts';
    await handler(event);
    expect(seen).toHaveLength(1);
    event.Records[0]!.Sns.TopicArn = 'arn:aws:sns:us-east-1:123456789012:nonalerts';
    await expect(handler(event)).rejects.toBeInstanceOf(UnclaimedEventError);
  });
});

describe('defineApp: offloaded payloads are read only from the app’s own payload bucket', () => {
  /** A well-formed pointer into a bucket the app was not given: refused before any S3 call. */
  const sha256 = 'c'.repeat(64);
  const foreignPointer = {
    $sosw: 's3',
    bucket: 'someone-elses-bucket',
    key: `sosw/payloads/${sha256}.json`,
    bytes: 10,
    sha256,
  };

  it('a topic message or a schedule payload pointing elsewhere is rejected for good, its handler not run', async () => {
    const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
    const send = vi.spyOn(s3, 'send');
    const rejected = vi.fn();
    const ran = vi.fn();
    const handler = defineApp({
      logger: recordingLogger(),
      payloads: { offloader: new PayloadOffloader({ s3, bucket: 'our-payloads' }) },
      rejected,
    })
      .onTopic('sns-lambda', ran)
      .onSchedule('nightly', { expression: 'cron(0 3 * * ? *)' }, ran)
      .handler();

    const sns = fixture('sns');
    sns.Records[0]!.Sns.Message = JSON.stringify(foreignPointer);
    await expect(handler(sns, lambdaContext())).resolves.toBeUndefined();
    await expect(
      handler({ sosw_schedule: 'nightly', payload: { job: foreignPointer } }, lambdaContext()),
    ).resolves.toBeUndefined();

    expect(ran).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
    const rejections = rejected.mock.calls.map(([rejection]) => rejection as Rejection);
    expect(rejections.map(({ kind, trigger }) => `${kind} ${trigger}`)).toEqual([
      'topic sns-lambda',
      'schedule nightly',
    ]);
    for (const { error } of rejections) {
      expect(error).toBeInstanceOf(PayloadPointerRefusedError);
      expect(error).toMatchObject({ rule: 'bucket', bucket: 'someone-elses-bucket' });
    }
  });
});
