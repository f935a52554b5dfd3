import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { everySourceApp, objectCall } from '../../helpers/every-source-app.js';
import { fixture, sqsMessage } from '../../helpers/event-fixtures.js';
import { lambdaContext } from '../../helpers/factories.js';

describe('object: S3 notifications, however they come, go to the onObject of their bucket', () => {
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
