import { LambdaClient } from '@aws-sdk/client-lambda';
import type { SNSClient } from '@aws-sdk/client-sns';
import { mapConcurrent, Stats, systemClock, type Clock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import {
  resolveLabourers,
  TaskManager,
  taskTableNames,
  type ClosedTaskRow,
  type Labourer,
  type RetryPolicy,
  type TaskConfig,
  type TaskTables,
  type TransitionResult,
} from '@sosw/task-manager';
import { scavengerFunctionName, type ScavengerConfig } from './config.js';
import { DeadLetterPublisher, deadLetterMessage, type PublishOutcome } from './dead-letter.js';
import { SCAVENGER_STATS } from './stat-names.js';
import type { LabourerScavengeOutcome, ScavengerLogger, ScavengerSummary } from './types.js';

/** How to build a `Scavenger`. Only `config` is required; the rest default to the real AWS clients. */
export interface ScavengerOptions {
  /** The parsed config (`loadScavengerConfig`, or `scavengerConfigSchema.parse`). */
  config: ScavengerConfig;
  /** Table reads and writes. Default: `new DynamoClient({ stats })`. */
  db?: DynamoClient | undefined;
  /** Reads the workers' timeouts. Default: `new LambdaClient({})`. */
  lambda?: LambdaClient | undefined;
  /** Publishes to `dead_letter_topic_arn`. Default: `new SNSClient({})`. */
  sns?: SNSClient | undefined;
  /** Task table names. Default: `taskTableNames(config.task_config)` (sosw's keys, else `SOSW_TABLE_PREFIX`). */
  tables?: TaskTables | undefined;
  clock?: Clock | undefined;
  /** The run's counters: the scavenger's, the task manager's and DynamoDB's. Default: a new `Stats`. */
  stats?: Stats | undefined;
  /** Default: `console`. */
  logger?: ScavengerLogger | undefined;
  /** Written as `author` in meta rows. Default: the function name (`AWS_LAMBDA_FUNCTION_NAME` or `sosw_scavenger`). */
  author?: string | undefined;
}

/** Options of one run. */
export interface ScavengerRunOptions {
  /** The Lambda request id, written as `invocation_id` in the meta rows of this run. */
  invocationId?: string | undefined;
}

/**
 * The reason a task out of attempts is buried with: the same words task-manager's `retryOrBury` writes in
 * its `archived_dead` meta row, so the dead-letter message and the row agree.
 */
export function noAttemptsLeftReason(maxAttempts: number): string {
  return `no attempts left (${maxAttempts} made)`;
}

/**
 * sosw's scavenger (DESIGN §1): on every run, for each labourer, in sosw's order:
 * 1. archive its completed tasks;
 * 2. expired tasks with attempts left go to the retry table, due after the `retry_policy`'s delay; those
 *    without are buried (closed as dead, with an `archived_dead` meta row) and, when
 *    `dead_letter_topic_arn` is set, announced there;
 * 3. bring its due retries back to the front of its queue, at most `retry_tasks_limit`.
 *
 * Each move is one transaction per task (task-manager), so two scavengers at once move each task once
 * and announce each burial once. Labourers are scavenged in parallel (`labourer_concurrency`); one whose
 * pass throws is logged and counted (`labourers_failed`), and the others go on.
 *
 * @example
 * const scavenger = new Scavenger({ config: await loadScavengerConfig() });
 * const summary = await scavenger.run();
 * // { worker: { archived: 12, moved_to_retry: 1, buried: 0, retried: 2, skipped: 0, failed: 0, ... } }
 */
export class Scavenger {
  /** The task manager the runs use (exposed for tests and tools). */
  readonly taskManager: TaskManager;
  readonly stats: Stats;
  readonly #db: DynamoClient;
  readonly #taskConfig: TaskConfig;
  readonly #retryPolicy: RetryPolicy;
  readonly #tasksLimit: number;
  readonly #retryTasksLimit: number;
  readonly #labourerConcurrency: number;
  readonly #deadLetters: DeadLetterPublisher | undefined;
  /** One client for the container: timeouts (every run) and invokes. */
  readonly #lambda: LambdaClient;
  readonly #logger: ScavengerLogger;
  #invocationId: string | undefined;

  constructor(options: ScavengerOptions) {
    const { config } = options;
    this.stats = options.stats ?? new Stats();
    this.#logger = options.logger ?? console;
    this.#db = options.db ?? new DynamoClient({ stats: this.stats });
    this.#taskConfig = config.task_config;
    this.#retryPolicy = config.retry_policy;
    this.#tasksLimit = config.tasks_limit;
    this.#retryTasksLimit = config.retry_tasks_limit;
    this.#labourerConcurrency = config.labourer_concurrency;
    this.#lambda = options.lambda ?? new LambdaClient({});
    this.#deadLetters =
      config.dead_letter_topic_arn === undefined
        ? undefined
        : new DeadLetterPublisher({
            topicArn: config.dead_letter_topic_arn,
            sns: options.sns,
            logger: this.#logger,
          });
    this.taskManager = new TaskManager({
      db: this.#db,
      lambda: this.#lambda,
      tables: options.tables ?? taskTableNames(config.task_config),
      clock: options.clock ?? systemClock,
      stats: this.stats,
      logger: this.#logger,
      author: options.author ?? scavengerFunctionName(),
      invocationId: () => this.#invocationId,
    });
  }

  /**
   * One scavenger run over every configured labourer.
   *
   * @returns labourer id -> what was archived, retried, buried and announced (plus `error` for a labourer
   * whose pass failed)
   *
   * @example
   * const summary = await scavenger.run({ invocationId: context.awsRequestId });
   */
  async run(options: ScavengerRunOptions = {}): Promise<ScavengerSummary> {
    this.#invocationId = options.invocationId;
    // Once per run: durations (Lambda timeouts) decide which tasks have expired and the linear delay.
    const labourers = await resolveLabourers(this.#taskConfig, {
      lambda: this.#lambda,
      logger: this.#logger,
    });
    const outcomes = await mapConcurrent(
      labourers,
      this.#labourerConcurrency,
      async (labourer): Promise<[string, LabourerScavengeOutcome]> => [
        labourer.id,
        await this.#scavenge(labourer),
      ],
    );
    // Retries back in the queue are new work for the orchestrator: it dispatches them now, not next minute.
    const requeued = outcomes.filter(([, outcome]) => outcome.retried > 0).map(([id]) => id);
    await this.taskManager.requestDispatch(requeued, 'retries_queued');
    return Object.fromEntries(outcomes);
  }

  /** One labourer's pass. Never throws: a failure is the labourer's outcome, so the others go on. */
  async #scavenge(labourer: Labourer): Promise<LabourerScavengeOutcome> {
    const outcome: LabourerScavengeOutcome = {
      archived: 0,
      moved_to_retry: 0,
      buried: 0,
      retried: 0,
      skipped: 0,
      failed: 0,
      dead_letters_published: 0,
      dead_letters_failed: 0,
    };
    const add = (key: 'archived' | 'moved_to_retry' | 'buried' | 'retried', result: TransitionResult) => {
      outcome[key] += result.done.length;
      outcome.skipped += result.skipped.length;
      outcome.failed += result.failed.length;
    };
    const tm = this.taskManager;
    try {
      const window = tm.window(labourer);
      add('archived', await tm.archive(await tm.completedTasks(labourer, window, this.#tasksLimit)));
      const expired = await tm.expiredTasks(labourer, window, this.#tasksLimit);
      const { movedToRetry, buried } = await tm.retryOrBury(labourer, expired, this.#retryPolicy);
      add('moved_to_retry', movedToRetry);
      add('buried', buried);
      // Announced before the requeue step, so a failure there cannot lose the announcements.
      const announced = await this.#announce(labourer, buried.done);
      outcome.dead_letters_published = announced.published;
      outcome.dead_letters_failed = announced.failed;
      add('retried', await tm.retryToQueue(labourer, this.#retryTasksLimit));
      this.stats.increment(SCAVENGER_STATS.labourersProcessed);
      this.#logger.info('labourer scavenged', { labourer_id: labourer.id, ...outcome });
      return outcome;
    } catch (error) {
      this.stats.increment(SCAVENGER_STATS.labourersFailed);
      const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.#logger.error('labourer scavenge failed; the other labourers go on', {
        labourer_id: labourer.id,
        error: described,
      });
      return { ...outcome, error: described };
    }
  }

  /**
   * Tells the dead-letter topic of the tasks this pass buried: only the ones it buried itself (a
   * scavenger that lost the race for a task announces nothing for it), as their closed rows say.
   */
  async #announce(labourer: Labourer, buriedIds: readonly string[]): Promise<PublishOutcome> {
    if (this.#deadLetters === undefined || buriedIds.length === 0) return { published: 0, failed: 0 };
    let outcome: PublishOutcome;
    try {
      const rows = await this.#db.batchGet<ClosedTaskRow>(
        this.taskManager.tables.closed,
        buriedIds.map((task_id) => ({ task_id })),
        { consistent: true },
      );
      const reason = noAttemptsLeftReason(labourer.maxAttempts);
      outcome = await this.#deadLetters.publish(rows.map((row) => deadLetterMessage(row, reason)));
      outcome.failed += buriedIds.length - rows.length;
    } catch (error) {
      outcome = { published: 0, failed: buriedIds.length };
      this.#logger.error('could not read the buried tasks to announce them; they stay buried', {
        labourer_id: labourer.id,
        task_ids: buriedIds,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    if (outcome.published > 0) this.stats.increment(SCAVENGER_STATS.deadLettersPublished, outcome.published);
    if (outcome.failed > 0) this.stats.increment(SCAVENGER_STATS.deadLettersFailed, outcome.failed);
    return outcome;
  }
}
