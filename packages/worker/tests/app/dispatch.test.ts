import { S3Client } from '@aws-sdk/client-s3';
import { PayloadOffloader, PayloadPointerRefusedError } from '@sosw/serializer';
import { LOCAL_S3_CLIENT_CONFIG } from '@sosw/testing';
import { describe, expect, it, vi } from 'vitest';
import { defineApp, UnclaimedEventError, type Rejection } from '../../src/index.js';
import { everySourceApp } from '../helpers/every-source-app.js';
import { fixture } from '../helpers/event-fixtures.js';
import { lambdaContext, recordingLogger, taskEvent } from '../helpers/factories.js';

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
