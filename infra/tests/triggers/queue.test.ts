import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { InfraPropsError, QUEUE_NAME_LIMIT, queueVisibilityTimeout } from '../../src/index.js';
import { functionStatements, workerWith } from './helpers.js';

const IMPORTED = 'arn:aws:sqs:eu-west-1:123456789012:billing-events';

describe('a queue trigger', () => {
  const { stack, template } = workerWith([
    {
      kind: 'queue',
      name: 'orders',
      batchSize: 50,
      maxBatchingWindowSeconds: 20,
      maxConcurrency: 5,
      maxReceiveCount: 3,
    },
  ]);

  it('makes the queue <stage>-<worker>-<name>, the end the SDK matches, with a dead-letter queue after maxReceiveCount', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'dev-orders-orders',
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] },
        maxReceiveCount: 3,
      },
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'dev-orders-orders-dlq',
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
    // Both refuse requests without TLS.
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: [
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ],
        },
      },
      2,
    );
  });

  it('gives the queue a visibility timeout of six function timeouts plus the batching window (AWS advice)', () => {
    // The function's timeout is 30 s: 6 x 30 + 20.
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'dev-orders-orders',
      VisibilityTimeout: 200,
    });
    expect(queueVisibilityTimeout(Duration.seconds(30)).toSeconds()).toBe(180);
    expect(queueVisibilityTimeout(Duration.minutes(15), 300).toSeconds()).toBe(5700);
    expect(queueVisibilityTimeout(Duration.hours(3)).toSeconds()).toBe(12 * 3600); // SQS's most
  });

  it('maps the queue with ReportBatchItemFailures, the batch size, window and maximum concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TriggersQueueordersQueue'), 'Arn'] },
      FunctionName: { Ref: Match.stringLikeRegexp('^WorkerFunction') },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 50,
      MaximumBatchingWindowInSeconds: 20,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('lets the function consume this queue and nothing else', () => {
    expect(functionStatements(stack).filter((line) => line.includes('sqs:'))).toEqual([
      'sqs:ChangeMessageVisibility sqs:DeleteMessage sqs:GetQueueAttributes sqs:GetQueueUrl sqs:ReceiveMessage -> ${TriggersQueueordersQueue.Arn}',
    ]);
  });

  it('reads an existing queue by its ARN: no queue made, its ARN the only resource granted', () => {
    const imported = workerWith([{ kind: 'queue', name: 'billing', queueArn: IMPORTED }]);
    imported.template.resourceCountIs('AWS::SQS::Queue', 0);
    imported.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: IMPORTED,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      ScalingConfig: Match.absent(),
    });
    expect(functionStatements(imported.stack).filter((line) => line.includes('sqs:'))).toEqual([
      `sqs:ChangeMessageVisibility sqs:DeleteMessage sqs:GetQueueAttributes sqs:GetQueueUrl sqs:ReceiveMessage -> ${IMPORTED}`,
    ]);
  });

  it("shortens the front of a long name, never its -<name> end, within SQS's 80 characters", () => {
    const name = `n${'x'.repeat(60)}`;
    const { template: long } = workerWith([{ kind: 'queue', name }], {
      context: { stage: 'a-long-stage-nam' },
    });
    const names = Object.values(long.findResources('AWS::SQS::Queue')).map(
      (queue) => (queue as { Properties: { QueueName: string } }).Properties.QueueName,
    );
    expect(names).toHaveLength(2);
    for (const queueName of names) expect(queueName.length).toBeLessThanOrEqual(QUEUE_NAME_LIMIT);
    expect(names.find((queueName) => queueName.endsWith(`-${name}`))).toBeDefined();
    expect(names.find((queueName) => queueName.endsWith(`-${name}-dlq`))).toBeDefined();
  });

  it.each([
    [
      { kind: 'queue', name: 'big', batchSize: 100 },
      'triggers[0] (big).batchSize: 100 records per batch need maxBatchingWindowSeconds >= 1 (without a batching window SQS gives Lambda at most 10)',
    ],
    [
      {
        kind: 'queue',
        name: 'fifo',
        batchSize: 20,
        maxBatchingWindowSeconds: 5,
        queueArn: `${IMPORTED}.fifo`,
      },
      'triggers[0] (fifo).batchSize: a FIFO queue gives Lambda at most 10 records per batch, got 20',
    ],
    [
      { kind: 'queue', name: 'with.dot' },
      'triggers[0] (with.dot).name: "with.dot" cannot end an SQS queue name (letters, digits, "-" and "_" only); rename the trigger, or give the ARN of an existing one',
    ],
  ] as const)('refuses %j, naming the field', (trigger, message) => {
    expect(() => workerWith([trigger])).toThrow(new InfraPropsError(message));
  });
});
