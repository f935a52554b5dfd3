import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { InfraPropsError } from '../../src/index.js';
import { functionStatements, onlyResource, workerWith } from './helpers.js';

const STREAM = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-05-01T00:00:00.000';

describe('a stream trigger', () => {
  const { stack, template } = workerWith([
    {
      kind: 'stream',
      name: 'orders',
      table: 'orders',
      streamArn: STREAM,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 50,
      maxRetries: 4,
    },
  ]);

  it('maps the stream with bisect-on-error, partial batch response, maxRetries and an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: STREAM,
      FunctionName: { Ref: Match.stringLikeRegexp('^WorkerFunction') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 50,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 4,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TriggersStreamordersFailures'), 'Arn'] },
        },
      },
    });
    expect(onlyResource(template, 'AWS::SQS::Queue')).toEqual({
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });

  it("lets the function read this table's stream and send to its failure queue, and nothing else", () => {
    expect(functionStatements(stack)).toEqual([
      'sqs:GetQueueAttributes sqs:GetQueueUrl sqs:SendMessage -> ${TriggersStreamordersFailures.Arn}',
      'logs:CreateLogStream logs:PutLogEvents -> ${WorkerLogsLogGroup.Arn}',
      `dynamodb:DescribeStream dynamodb:GetRecords dynamodb:GetShardIterator -> ${STREAM}`,
      `dynamodb:ListStreams -> ${STREAM}`,
    ]);
  });

  it('starts at LATEST, 100 records, 3 retries by default', () => {
    const { template: defaults } = workerWith([
      { kind: 'stream', name: 'orders', table: 'orders', streamArn: STREAM },
    ]);
    defaults.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumRetryAttempts: 3,
    });
  });

  it('needs the stream ARN, of the declared table', () => {
    expect(() => workerWith([{ kind: 'stream', name: 'orders', table: 'orders' }])).toThrow(
      new InfraPropsError(
        'triggers[0] (orders).streamArn: the infra needs the stream ARN of table "orders" to wire it ' +
          '(arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>; the table\'s "LatestStreamArn")',
      ),
    );
    expect(() =>
      workerWith([
        { kind: 'queue', name: 'q' },
        { kind: 'stream', name: 'payments', table: 'payments', streamArn: STREAM },
      ]),
    ).toThrow(/^triggers\[1\] \(payments\)\.streamArn: ".+" is not a stream of table "payments"/);
  });
});
