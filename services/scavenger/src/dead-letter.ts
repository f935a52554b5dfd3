import { createHash } from 'node:crypto';
import { PublishBatchCommand, SNSClient, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { ClosedTaskRow } from '@sosw/task-manager';
import type { ScavengerLogger } from './types.js';

/** SNS takes at most 10 messages per `PublishBatch`. https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html */
export const PUBLISH_BATCH_SIZE = 10;

/** What the dead-letter topic is told of a buried task (the message body, as JSON). */
export interface DeadLetterMessage {
  task_id: string;
  labourer_id: string;
  /** Invocations the task had. */
  attempts: number;
  /** Why it was buried, as in its `archived_dead` meta row. */
  reason: string;
  /** When it was buried: the closed row's `closed_at`, epoch seconds. */
  closed_at: number;
}

/** How many announcements went out, and how many did not. */
export interface PublishOutcome {
  published: number;
  failed: number;
}

/**
 * The dead-letter message of a buried task, from its closed row.
 *
 * @example
 * deadLetterMessage(closedRow, 'no attempts left (3 made)');
 * // { task_id: 't1', labourer_id: 'worker', attempts: 3, reason: 'no attempts left (3 made)', closed_at: 1700000000 }
 */
export function deadLetterMessage(
  row: Pick<ClosedTaskRow, 'task_id' | 'labourer_id' | 'attempts' | 'closed_at'>,
  reason: string,
): DeadLetterMessage {
  return {
    task_id: row.task_id,
    labourer_id: row.labourer_id,
    attempts: row.attempts,
    reason,
    closed_at: row.closed_at,
  };
}

/**
 * The `PublishBatch` entries of up to 10 messages. Ids are their positions (`m0`...), since a task id may
 * hold characters SNS refuses in an entry id. A FIFO topic (`.fifo`) also needs a group, the labourer,
 * and a deduplication id, a hash of the task id, so a message sent twice within 5 minutes is delivered once.
 *
 * @example
 * publishBatchEntries([message], 'arn:aws:sns:us-east-1:123:dead'); // [{ Id: 'm0', Message: '{"task_id":...}', ... }]
 */
export function publishBatchEntries(
  messages: readonly DeadLetterMessage[],
  topicArn: string,
): PublishBatchRequestEntry[] {
  const fifo = topicArn.endsWith('.fifo');
  return messages.map((message, index) => ({
    Id: `m${index}`,
    Message: JSON.stringify(message),
    Subject: 'sosw dead task',
    MessageAttributes: { labourer_id: { DataType: 'String', StringValue: message.labourer_id } },
    ...(fifo && {
      MessageGroupId: message.labourer_id,
      MessageDeduplicationId: createHash('sha256').update(message.task_id).digest('hex'),
    }),
  }));
}

/** Where `DeadLetterPublisher` publishes. */
export interface DeadLetterPublisherOptions {
  topicArn: string;
  /** Default: `new SNSClient({})` (region, credentials and `AWS_ENDPOINT_URL_SNS` from the environment). */
  sns?: SNSClient | undefined;
  logger?: ScavengerLogger | undefined;
}

/**
 * Tells an SNS topic of buried tasks, 10 per `PublishBatch`. Never throws: a refused or failed batch is
 * logged and counted, because a task is buried whether anyone is told or not.
 *
 * @example
 * const publisher = new DeadLetterPublisher({ topicArn: config.dead_letter_topic_arn });
 * await publisher.publish([deadLetterMessage(row, reason)]); // { published: 1, failed: 0 }
 */
export class DeadLetterPublisher {
  readonly topicArn: string;
  readonly #sns: SNSClient;
  readonly #logger: ScavengerLogger;

  constructor(options: DeadLetterPublisherOptions) {
    this.topicArn = options.topicArn;
    this.#sns = options.sns ?? new SNSClient({});
    this.#logger = options.logger ?? console;
  }

  async publish(messages: readonly DeadLetterMessage[]): Promise<PublishOutcome> {
    const outcome: PublishOutcome = { published: 0, failed: 0 };
    for (let start = 0; start < messages.length; start += PUBLISH_BATCH_SIZE) {
      const chunk = messages.slice(start, start + PUBLISH_BATCH_SIZE);
      const entries = publishBatchEntries(chunk, this.topicArn);
      try {
        const output = await this.#sns.send(
          new PublishBatchCommand({ TopicArn: this.topicArn, PublishBatchRequestEntries: entries }),
        );
        const failedIds = new Set((output.Failed ?? []).map((entry) => entry.Id));
        outcome.failed += failedIds.size;
        outcome.published += chunk.length - failedIds.size;
        if (failedIds.size > 0) {
          this.#logger.error('dead-letter topic refused some messages; the tasks stay buried', {
            topic_arn: this.topicArn,
            task_ids: chunk.filter((_, index) => failedIds.has(`m${index}`)).map((m) => m.task_id),
            failures: output.Failed,
          });
        }
      } catch (error) {
        outcome.failed += chunk.length;
        this.#logger.error('could not publish to the dead-letter topic; the tasks stay buried', {
          topic_arn: this.topicArn,
          task_ids: chunk.map((message) => message.task_id),
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
    return outcome;
  }
}
