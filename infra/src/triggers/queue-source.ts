import type { QueueTrigger } from '@sosw/worker';
import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { InfraPropsError } from '../errors.js';
import { removalPolicy } from '../lambda-basics.js';
import { DEFAULT_WORKER_TIMEOUT } from '../worker-function.js';
import { QUEUE_NAME_LIMIT, sourceResourceName } from './names.js';
import type { TriggerSourceProps } from './source-props.js';

/** The longest SQS allows a message to stay invisible: 12 hours. */
const MAX_VISIBILITY_TIMEOUT = Duration.hours(12);
/** The longest SQS keeps a message: what a dead-letter queue needs, to give people time to look. */
const DEAD_LETTER_RETENTION = Duration.days(14);
/** Ends the name of a created queue's dead-letter queue. */
const DEAD_LETTER_SUFFIX = '-dlq';
/** Without a batching window, an SQS event source mapping takes at most 10 records per batch. */
const MAX_BATCH_WITHOUT_WINDOW = 10;

/**
 * The visibility timeout of a queue that feeds `functionTimeout`'s Lambda: six times the function timeout,
 * plus the batching window. AWS Lambda: "set the source queue's visibility timeout to at least six times
 * the configuration timeout on your function. The extra time allows Lambda to retry if your function is
 * throttled while processing a previous batch."
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html). The window is added
 * because records wait in it, invisible, before the function even starts.
 *
 * @example
 * queueVisibilityTimeout(Duration.seconds(30), 0).toSeconds(); // 180
 */
export function queueVisibilityTimeout(functionTimeout: Duration, batchingWindowSeconds = 0): Duration {
  const seconds = functionTimeout.toSeconds() * 6 + batchingWindowSeconds;
  return Duration.seconds(Math.min(seconds, MAX_VISIBILITY_TIMEOUT.toSeconds()));
}

/**
 * A queue trigger: an SQS event source mapping on the worker's function, with `ReportBatchItemFailures`
 * (the SDK returns the failed records as `batchItemFailures`, and only those come back), `batchSize`,
 * the batching window and `maxConcurrency` (`ScalingConfig.MaximumConcurrency`) of the trigger.
 *
 * Unless the trigger names an existing queue (`queueArn`), it makes the queue, `<stage>-<worker>-<name>`
 * (the SDK knows the trigger by that `-<name>` end), with its dead-letter queue `...-<name>-dlq`: a message
 * that failed `maxReceiveCount` deliveries moves there and stays 14 days. Both are encrypted (SQS managed)
 * and refuse requests without TLS. The function's role may receive, delete and change the visibility of
 * messages of this queue only (CDK's `grantConsumeMessages`, on the queue's ARN).
 *
 * @throws InfraPropsError when `batchSize` is above 10 without a batching window, or a FIFO queue is
 * given a batch or window SQS does not allow
 *
 * @example
 * const orders = new QueueSource(this, 'Orders', { settings, function: fn, trigger, namePrefix: 'dev-order-indexer', where: 'triggers[0] (orders)' });
 * orders.queue.grantSendMessages(producer);
 */
export class QueueSource extends Construct {
  /** The queue the worker reads: made here, or the one `queueArn` names. */
  readonly queue: IQueue;
  /** Made here with the queue; `undefined` for an existing queue, whose redrive policy is its owner's. */
  readonly deadLetterQueue: Queue | undefined;
  readonly eventSource: SqsEventSource;

  constructor(scope: Construct, id: string, props: TriggerSourceProps<QueueTrigger>) {
    super(scope, id);
    const { trigger, where, settings } = props;
    const window = trigger.maxBatchingWindowSeconds;
    if (trigger.batchSize > MAX_BATCH_WITHOUT_WINDOW && (window === undefined || window < 1)) {
      throw new InfraPropsError(
        `${where}.batchSize: ${trigger.batchSize} records per batch need maxBatchingWindowSeconds >= 1 ` +
          `(without a batching window SQS gives Lambda at most ${MAX_BATCH_WITHOUT_WINDOW})`,
      );
    }
    if (trigger.queueArn?.endsWith('.fifo') === true && trigger.batchSize > MAX_BATCH_WITHOUT_WINDOW) {
      throw new InfraPropsError(
        `${where}.batchSize: a FIFO queue gives Lambda at most ${MAX_BATCH_WITHOUT_WINDOW} records per batch, got ${trigger.batchSize}`,
      );
    }

    if (trigger.queueArn === undefined) {
      // One front for both names, short enough that the dead-letter queue's fits too.
      const queueName = sourceResourceName(
        props.namePrefix,
        trigger.name,
        QUEUE_NAME_LIMIT - DEAD_LETTER_SUFFIX.length,
        { where, resource: 'an SQS queue name' },
      );
      const deadLetterName = `${queueName}${DEAD_LETTER_SUFFIX}`;
      const secure = {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        removalPolicy: removalPolicy(settings),
      };
      this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
        ...secure,
        queueName: deadLetterName,
        retentionPeriod: DEAD_LETTER_RETENTION,
      });
      this.queue = new Queue(this, 'Queue', {
        ...secure,
        queueName,
        visibilityTimeout: queueVisibilityTimeout(
          props.function.timeout ?? DEFAULT_WORKER_TIMEOUT,
          window ?? 0,
        ),
        deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: trigger.maxReceiveCount },
      });
    } else {
      this.queue = Queue.fromQueueArn(this, 'Queue', trigger.queueArn);
      this.deadLetterQueue = undefined;
    }

    this.eventSource = new SqsEventSource(this.queue, {
      batchSize: trigger.batchSize,
      reportBatchItemFailures: true,
      ...(window === undefined ? {} : { maxBatchingWindow: Duration.seconds(window) }),
      ...(trigger.maxConcurrency === undefined ? {} : { maxConcurrency: trigger.maxConcurrency }),
    });
    props.function.addEventSource(this.eventSource);
  }
}
