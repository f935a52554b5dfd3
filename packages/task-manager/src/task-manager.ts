import { LambdaClient } from '@aws-sdk/client-lambda';
import { Stats, systemClock, type Clock } from '@sosw/core';
import type { DynamoClient } from '@sosw/dynamo-client';
import { averageDuration } from './average-duration.js';
import {
  claim,
  claimAndInvoke,
  invoke,
  type ClaimAndInvokeOptions,
  type ClaimAndInvokeResult,
  type ClaimedTask,
} from './claim.js';
import {
  markCompleted,
  markDead,
  markFailed,
  type CompletionResult,
  type DeathReport,
  type DeathResult,
  type FailureReport,
  type FailureResult,
  type WorkerReport,
} from './completion.js';
import { now, type TaskManagerContext } from './context.js';
import {
  createTasks,
  type CreateTasksOptions,
  type CreateTasksResult,
  type NewTask,
} from './create-tasks.js';
import { requestDispatch } from './dispatch/dispatch-request.js';
import { LabourerLeases } from './dispatch/lease.js';
import { adoptRunning, settleRunning } from './dispatch/running.js';
import type { RunningLedger, Settled } from './dispatch/running-ledger.js';
import { runWindow, type RunWindow, type Timing } from './greenfield.js';
import type { Labourer } from './labourer.js';
import { MetaTimestamps } from './meta.js';
import {
  completedTasks,
  countClosed,
  countCompleted,
  countExpired,
  countRunning,
  expiredTasks,
  getTask,
  nextTasks,
  queueEndGreenfield,
  queueLength,
  retryLength,
  type ClosedStatus,
  type LabourerRef,
  type TaskRecord,
} from './queue.js';
import { refusalsBeforeFailure } from './refused-claim.js';
import {
  markThrottled,
  throttlesBeforeAttempt,
  type ThrottleReport,
  type ThrottleResult,
} from './throttle.js';
import type { RetryPolicy } from './retry-delay.js';
import { taskTableNames } from './table-names.js';
import { TRANSACTION_CONCURRENCY } from './transaction-groups.js';
import {
  archive,
  bury,
  moveToRetry,
  retryOrBury,
  retryToQueue,
  scavenge,
  type RetryOrBuryResult,
  type ScavengeOptions,
  type ScavengeResult,
} from './transitions.js';
import type { TaskManagerLogger, TaskRow, TaskTables, TransitionResult } from './types.js';

/** How to build a `TaskManager`. Only `db` is required. */
export interface TaskManagerOptions {
  /** Every table read and write goes through it. */
  db: DynamoClient;
  /** Invokes the workers. Default: `new LambdaClient({})`, made on the first invoke. */
  lambda?: LambdaClient | undefined;
  /** Table names. Default: `taskTableNames(undefined, process.env.SOSW_TABLE_PREFIX)`; use `taskTableNames(taskConfig)` for sosw's config keys. */
  tables?: TaskTables | undefined;
  /** Where "now" comes from. Default: the system clock. */
  clock?: Clock | undefined;
  /** Where the task counters go (`TASK_STATS`), e.g. the service's own. Default: a new `Stats`. */
  stats?: Stats | undefined;
  /** The function name written as `author` in meta rows. Default: `AWS_LAMBDA_FUNCTION_NAME`, or `sosw`. */
  author?: string | undefined;
  /** The current invocation's request id, written as `invocation_id` in meta rows. */
  invocationId?: (() => string | undefined) | undefined;
  /** Warnings and errors of handled failures. Default: `console`. */
  logger?: TaskManagerLogger | undefined;
  /**
   * Transactions one call (creating tasks, archiving, retrying...) keeps in flight at once. Default:
   * `TRANSACTION_CONCURRENCY` (8).
   */
  transactionConcurrency?: number | undefined;
  /**
   * Transient invoke refusals (throttling, a fault, the labourer's function missing...) in a row after
   * which a task's attempt counts as failed instead of being rolled back once more; a whole number >= 1.
   * Default: `DEFAULT_INVOKE_REFUSALS_BEFORE_FAILURE` (5). See `claimAndInvoke`.
   */
  invokeRefusalsBeforeFailure?: number | undefined;
  /**
   * Throttled reports in a row after which a throttle spends the task's attempt instead of giving it back;
   * a whole number >= 1. Default: `THROTTLES_BEFORE_ATTEMPT` (5). See `markThrottled`.
   */
  throttlesBeforeAttempt?: number | undefined;
}

/**
 * Everything sosw does with tasks, on the sosw tables (DESIGN §3-§4): create them, read the queue and the
 * states of a labourer's tasks, claim and invoke (orchestrator), archive, retry and bury (scavenger), take
 * workers' reports (worker-assistant). Every change of a task's place is one conditional write or one
 * transaction with its meta row, safe when two copies of a service run at once.
 *
 * @example
 * const taskManager = new TaskManager({ db: new DynamoClient(), tables: taskTableNames(taskConfig), stats });
 * const [labourer] = await resolveLabourers(taskConfig);
 * await taskManager.createTasks(labourer.id, [{ payload: { account: 42 } }]);
 * const window = taskManager.window(labourer);
 * const running = await taskManager.countRunning(labourer, window);
 * await taskManager.claimAndInvoke(labourer, window, labourer.maxSimultaneousInvocations - running);
 */
export class TaskManager {
  readonly tables: TaskTables;
  readonly stats: Stats;
  readonly clock: Clock;
  /** The labourers' dispatch leases (`sosw_dispatch`): one orchestrator at a time dispatches a labourer. */
  readonly leases: LabourerLeases;
  readonly #ctx: TaskManagerContext;

  constructor(options: TaskManagerOptions) {
    this.tables = options.tables ?? taskTableNames(undefined, process.env.SOSW_TABLE_PREFIX);
    this.stats = options.stats ?? new Stats();
    this.clock = options.clock ?? systemClock;
    let lambda = options.lambda;
    this.#ctx = {
      db: options.db,
      lambda: () => (lambda ??= new LambdaClient({})),
      tables: this.tables,
      clock: this.clock,
      stats: this.stats,
      logger: options.logger ?? console,
      author: {
        author: options.author ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'sosw',
        invocationId: options.invocationId,
      },
      stamps: new MetaTimestamps(this.clock),
      transactionConcurrency: options.transactionConcurrency ?? TRANSACTION_CONCURRENCY,
      invokeRefusalsBeforeFailure: refusalsBeforeFailure(options.invokeRefusalsBeforeFailure),
      throttlesBeforeAttempt: throttlesBeforeAttempt(options.throttlesBeforeAttempt),
    };
    this.leases = new LabourerLeases({ db: options.db, table: this.tables.dispatch, clock: this.clock });
  }

  /** Whole epoch seconds now, by this task manager's clock. */
  now(): number {
    return now(this.#ctx);
  }

  /**
   * The run window of a labourer now: what the queue reads, claims and states compare greenfields with.
   *
   * @example
   * const window = taskManager.window(labourer); // { start, invoked, expired }
   */
  window(labourer: Timing): RunWindow {
    return runWindow(this.clock.nowMs() / 1000, labourer);
  }

  /**
   * Creates tasks at the end of a labourer's queue; idempotent for given `task_id`s. A task may carry a
   * concurrency key and a priority (fair share, see `fair-share.ts`). See `createTasks`.
   *
   * @example
   * const { created, skipped } = await taskManager.createTasks('worker', [{ task_id: 'job1-0', payload: { n: 0 } }]);
   * await taskManager.createTasks('worker', [{ payload: { account: 42 }, concurrency_key: '42', priority: 1 }], {
   *   keyWeights: { '42': 2 },
   * });
   */
  createTasks(
    labourerId: string,
    inputs: readonly NewTask[],
    options?: CreateTasksOptions,
  ): Promise<CreateTasksResult> {
    return createTasks(this.#ctx, labourerId, inputs, options);
  }

  /** The next `limit` queued tasks of a labourer, first in, first out. */
  nextTasks(labourer: LabourerRef, window: RunWindow, limit: number): Promise<TaskRow[]> {
    return nextTasks(this.#ctx, labourer, window, limit);
  }

  /**
   * Asks the orchestrator to dispatch these labourers now (new tasks, retries back in the queue), so they
   * are invoked within a second or two, not at the next scheduled run. Never throws. See `requestDispatch`.
   *
   * @example
   * await taskManager.requestDispatch(['importer'], 'tasks_created');
   */
  requestDispatch(labourerIds: readonly string[], reason: string): Promise<boolean> {
    return requestDispatch(this.#ctx, labourerIds, reason);
  }

  /** Whether a labourer has a queued task now: one item read from the greenfield index. */
  async hasQueued(labourer: LabourerRef, window: RunWindow): Promise<boolean> {
    return (await queueEndGreenfield(this.#ctx, labourer, window.start, 'oldest')) !== undefined;
  }

  /** Adds to `ledger` the tasks the greenfield index shows running (see `adoptRunning`). */
  adoptRunning(labourer: LabourerRef, window: RunWindow, ledger: RunningLedger): Promise<void> {
    return adoptRunning(this.#ctx, labourer, window, ledger);
  }

  /**
   * Re-reads the tasks `ledger` counts, strongly consistent, and forgets the finished; returns the slots
   * freed and how those attempts ended (for the learned budget).
   */
  settleRunning(window: RunWindow, ledger: RunningLedger): Promise<Settled> {
    return settleRunning(this.#ctx, window, ledger);
  }

  /** How many tasks of a labourer are queued. */
  queueLength(labourer: LabourerRef, window: RunWindow): Promise<number> {
    return queueLength(this.#ctx, labourer, window);
  }

  /** How many tasks of a labourer are running (invoked, not completed, not expired). */
  countRunning(labourer: LabourerRef, window: RunWindow): Promise<number> {
    return countRunning(this.#ctx, labourer, window);
  }

  /** How many tasks of a labourer have expired (invoked long enough ago, not completed). */
  countExpired(labourer: LabourerRef, window: RunWindow): Promise<number> {
    return countExpired(this.#ctx, labourer, window);
  }

  /** How many tasks of a labourer are completed and not yet archived. */
  countCompleted(labourer: LabourerRef, window: RunWindow): Promise<number> {
    return countCompleted(this.#ctx, labourer, window);
  }

  /** The expired tasks of a labourer (all, or the first `limit`). */
  expiredTasks(labourer: LabourerRef, window: RunWindow, limit?: number): Promise<TaskRow[]> {
    return expiredTasks(this.#ctx, labourer, window, limit);
  }

  /** The completed, not yet archived tasks of a labourer (all, or the first `limit`). */
  completedTasks(labourer: LabourerRef, window: RunWindow, limit?: number): Promise<TaskRow[]> {
    return completedTasks(this.#ctx, labourer, window, limit);
  }

  /** How many tasks of a labourer wait in the retry table. */
  retryLength(labourer: LabourerRef): Promise<number> {
    return retryLength(this.#ctx, labourer);
  }

  /** How many tasks of a labourer were archived (`completed`) or buried (`dead`) since `sinceSeconds`. */
  countClosed(labourer: LabourerRef, status: ClosedStatus, sinceSeconds: number): Promise<number> {
    return countClosed(this.#ctx, labourer, status, sinceSeconds);
  }

  /**
   * One task wherever it is (tasks, retry or closed table) with its meta rows, oldest first. The retry
   * row is found under `labourerId`, or the labourer the other rows name.
   *
   * @example
   * const { task, closed, retry, meta } = await taskManager.getTask('t1');
   */
  getTask(taskId: string, options: { labourerId?: string } = {}): Promise<TaskRecord> {
    return getTask(this.#ctx, taskId, options);
  }

  /**
   * Claims a queued task for this run (ONE conditional update); `undefined` when another orchestrator
   * claimed it first. See `claim`.
   */
  claim(labourer: LabourerRef, task: TaskRow, window: RunWindow): Promise<ClaimedTask | undefined> {
    return claim(this.#ctx, labourer, task, window);
  }

  /** Invokes a claimed task's labourer asynchronously; rolls the claim back when Lambda refuses. See `invoke`. */
  invoke(labourer: Pick<Labourer, 'id' | 'arn'>, claimed: ClaimedTask): Promise<boolean> {
    return invoke(this.#ctx, labourer, claimed);
  }

  /**
   * The orchestrator's step for one labourer: up to `budget` next tasks claimed and invoked, `concurrency`
   * (32) at a time.
   *
   * @example
   * const { invoked, skipped, failed } = await taskManager.claimAndInvoke(labourer, window, budget);
   */
  claimAndInvoke(
    labourer: Pick<Labourer, 'id' | 'arn'>,
    window: RunWindow,
    budget: number,
    options?: ClaimAndInvokeOptions,
  ): Promise<ClaimAndInvokeResult> {
    return claimAndInvoke(this.#ctx, labourer, window, budget, options);
  }

  /** Moves completed tasks to the closed table (`<id>_1`), one transaction each with its meta row. */
  archive(tasks: TaskRow | readonly TaskRow[]): Promise<TransitionResult> {
    return archive(this.#ctx, tasks);
  }

  /** Moves expired tasks to the retry table, due `delaySeconds` from now. */
  moveToRetry(
    tasks: TaskRow | readonly TaskRow[],
    delaySeconds: number | ((task: TaskRow) => number),
  ): Promise<TransitionResult> {
    return moveToRetry(this.#ctx, tasks, delaySeconds);
  }

  /** Closes tasks as dead (`<id>_0`), one transaction each with its meta row. */
  bury(tasks: TaskRow | readonly TaskRow[], reason?: string): Promise<TransitionResult> {
    return bury(this.#ctx, tasks, reason);
  }

  /** Brings due retries back to the front of the labourer's queue, earliest due first. */
  retryToQueue(labourer: LabourerRef, limit?: number): Promise<TransitionResult> {
    return retryToQueue(this.#ctx, labourer, limit);
  }

  /** Expired tasks with attempts left go to retry (policy's delay), the others are buried. */
  retryOrBury(
    labourer: Pick<Labourer, 'id' | 'maxAttempts' | 'duration'>,
    tasks: readonly TaskRow[],
    policy?: RetryPolicy,
  ): Promise<RetryOrBuryResult> {
    return retryOrBury(this.#ctx, labourer, tasks, policy);
  }

  /**
   * One scavenger run for a labourer: archive, retry or bury the expired, requeue due retries.
   *
   * @example
   * for (const labourer of labourers) results[labourer.id] = await taskManager.scavenge(labourer);
   */
  scavenge(labourer: Labourer, options?: ScavengeOptions): Promise<ScavengeResult> {
    return scavenge(this.#ctx, labourer, options);
  }

  /**
   * The worker-assistant's `mark_task_as_completed`, conditional: never creates or resurrects a task.
   *
   * @example
   * const { outcome } = await taskManager.markCompleted(event.task_id, { stats: event.stats, result: event.result });
   */
  markCompleted(taskId: string, report?: WorkerReport): Promise<CompletionResult> {
    return markCompleted(this.#ctx, taskId, report);
  }

  /**
   * The worker-assistant's `mark_task_as_failed`: counts the failure and makes the task expired now.
   *
   * @example
   * await taskManager.markFailed(event.task_id, { timing: labourer, result: { error: 'timeout' } });
   */
  markFailed(taskId: string, report: FailureReport): Promise<FailureResult> {
    return markFailed(this.#ctx, taskId, report);
  }

  /**
   * Buries a task now, whatever its attempts (a worker's fatal error).
   *
   * @example
   * await taskManager.markDead(event.task_id, { reason: 'FatalError: bad input', labourerId: 'worker' });
   */
  markDead(taskId: string, report: DeathReport = {}): Promise<DeathResult> {
    return markDead(this.#ctx, taskId, report);
  }

  /**
   * The worker-assistant's `mark_task_as_throttled`: the running attempt goes back to the head of the
   * queue, given back, unless it is the `throttlesBeforeAttempt`-th throttle in a row. See `markThrottled`.
   *
   * @example
   * await taskManager.markThrottled('t1', { labourerId: 'worker', attempt: { attempts: 1, greenfield }, timing: labourer });
   */
  markThrottled(taskId: string, report: ThrottleReport): Promise<ThrottleResult> {
    return markThrottled(this.#ctx, taskId, report);
  }

  /** A labourer's average invocation duration over its newest closed tasks; `undefined` when none. */
  averageDuration(
    labourer: Pick<Labourer, 'id' | 'duration'>,
    options?: { sample?: number },
  ): Promise<number | undefined> {
    return averageDuration(this.#ctx, labourer, options);
  }
}
