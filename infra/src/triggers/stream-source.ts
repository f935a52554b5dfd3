import type { StreamTrigger } from '@sosw/worker';
import { Duration, Validations } from 'aws-cdk-lib';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { InfraPropsError } from '../errors.js';
import { removalPolicy } from '../lambda-basics.js';
import type { TriggerSourceProps } from './source-props.js';

/**
 * A stream trigger: a DynamoDB stream event source mapping on the worker's function, for an existing
 * table's stream (`streamArn`, which the infra needs: the SDK dispatches by table name and does not).
 *
 * - `ReportBatchItemFailures`: the SDK reports the first failing record, and Lambda retries the batch from
 *   there; `BisectBatchOnFunctionError` splits a failing batch in two, so one bad record does not hold
 *   back the ones before it;
 * - `MaximumRetryAttempts` is the trigger's `maxRetries`; a batch that still fails then goes, as a
 *   description of its records (shard and sequence numbers), to an on-failure destination: an SQS queue
 *   made here, encrypted, kept 14 days;
 * - the function's role may read this stream only (describe, get records and shard iterators, list: on
 *   the stream's ARN), and send to that queue only. The table is imported as a `TableV2`, whose stream
 *   grants name the stream (`Table`'s grant `dynamodb:ListStreams` on `*`).
 *
 * @throws InfraPropsError naming `<where>.streamArn` when it is missing, or is not a stream of `table`
 *
 * @example
 * new StreamSource(this, 'Orders', { settings, function: fn, trigger, namePrefix: 'dev-projector', where: 'triggers[0] (orders)' });
 */
export class StreamSource extends Construct {
  /** Where Lambda sends the description of a batch that failed every retry. */
  readonly failures: Queue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: TriggerSourceProps<StreamTrigger>) {
    super(scope, id);
    const { trigger, where } = props;
    const streamArn = checkedStreamArn(trigger, where);
    const table = TableV2.fromTableAttributes(this, 'Table', {
      tableName: trigger.table,
      tableStreamArn: streamArn,
    });
    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: removalPolicy(props.settings),
    });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead end of a DynamoDB stream trigger: the on-failure destination of ' +
        'batches that failed every retry.',
    });
    this.eventSource = new DynamoEventSource(table, {
      startingPosition: StartingPosition[trigger.startingPosition],
      batchSize: trigger.batchSize,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: trigger.maxRetries,
      onFailure: new SqsDlq(this.failures),
    });
    props.function.addEventSource(this.eventSource);
  }
}

/** `arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>`; the table name captured. */
const STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([A-Za-z0-9_.-]+)\/stream\/[^/]+$/;

/** The trigger's stream ARN, which must be there and name the trigger's table (the SDK dispatches by it). */
function checkedStreamArn(trigger: StreamTrigger, where: string): string {
  if (trigger.streamArn === undefined) {
    throw new InfraPropsError(
      `${where}.streamArn: the infra needs the stream ARN of table "${trigger.table}" to wire it ` +
        '(arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>; the table\'s "LatestStreamArn")',
    );
  }
  const [, table] = STREAM_ARN.exec(trigger.streamArn) ?? [];
  if (table !== trigger.table) {
    throw new InfraPropsError(
      `${where}.streamArn: "${trigger.streamArn}" is not a stream of table "${trigger.table}" ` +
        `(expected arn:aws:dynamodb:<region>:<account>:table/${trigger.table}/stream/<label>)`,
    );
  }
  return trigger.streamArn;
}
