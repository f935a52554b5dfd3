import * as z from 'zod';
import { defineApp, type ObjectDelivery } from '../../src/index.js';
import { recordingLogger } from './factories.js';

/** Every source registered once, so each test shows its event reaches its own function; each function records what it was called with. */
export function everySourceApp() {
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

export const objectCall = (delivery: ObjectDelivery) => ({
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
