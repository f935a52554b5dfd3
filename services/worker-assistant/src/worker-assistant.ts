import { LambdaClient } from '@aws-sdk/client-lambda';
import { Stats, systemClock, ValidationError, type Clock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import {
  TASK_STATS,
  TaskManager,
  taskTableNames,
  type ReportedAttempt,
  type TaskRow,
  type TaskTables,
} from '@sosw/task-manager';
import { workerAssistantFunctionName, type WorkerAssistantConfig } from './config.js';
import { UnknownLabourerError } from './errors.js';
import { parseWorkerEvent, type WorkerEvent } from './event.js';
import { LabourerTimings } from './labourer-timings.js';
import { WORKER_ASSISTANT_STATS } from './stat-names.js';
import type { ReportOutcome, WorkerAssistantLogger, WorkerAssistantResult } from './types.js';

/** How to build a `WorkerAssistant`. Only `config` is required; the rest default to the real AWS clients. */
export interface WorkerAssistantOptions {
  /** The parsed config (`loadWorkerAssistantConfig`, or `workerAssistantConfigSchema.parse`). */
  config: WorkerAssistantConfig;
  /** Table reads and writes. Default: `new DynamoClient({ stats })`. */
  db?: DynamoClient | undefined;
  /** Reads labourers' Lambda timeouts (their default `duration`). Default: `new LambdaClient({})`. */
  lambda?: LambdaClient | undefined;
  /** Task table names. Default: `taskTableNames(config.task_config)` (sosw's keys, else `SOSW_TABLE_PREFIX`). */
  tables?: TaskTables | undefined;
  clock?: Clock | undefined;
  /** The counters: the worker-assistant's, the task manager's and DynamoDB's. Default: a new `Stats`. */
  stats?: Stats | undefined;
  /** Default: `console`. */
  logger?: WorkerAssistantLogger | undefined;
  /** Written as `author` in meta rows. Default: the function name (`AWS_LAMBDA_FUNCTION_NAME` or `sosw_worker_assistant`). */
  author?: string | undefined;
}

/** Options of one report. */
export interface HandleOptions {
  /** The Lambda request id, written as `invocation_id` in the meta rows of this report. */
  invocationId?: string | undefined;
}

/**
 * sosw's worker-assistant (DESIGN §1, §4): records what a worker reports of its task.
 * - `mark_task_as_completed`: `completed_at`, `stat_*`, `result_*`;
 * - `mark_task_as_failed`: `failed_attempts + 1` and the task expired now, so the next scavenger run
 *   retries it (or buries it) without waiting for the timeout; needs the labourer's duration and cooldown;
 * - `mark_task_as_dead`: buries the task now (the worker SDK's fatal error);
 * - `mark_task_as_throttled`: the running attempt back at the head of the queue, given back (the worker
 *   SDK's `ThrottledError`); every `throttles_before_attempt`-th in a row spends it instead.
 *
 * Every write is conditional (task-manager): a late or duplicate report of a task that was archived,
 * buried, retried or never existed writes nothing to the task and comes back as that outcome, never as
 * an error. A bad event is a `ValidationError` naming the field, before anything is read.
 *
 * @example
 * const assistant = new WorkerAssistant({ config: await loadWorkerAssistantConfig() });
 * await assistant.handle({ action: 'mark_task_as_completed', task_id: 't1', stats: '{"rows": 5}' });
 * // { task_id: 't1', action: 'mark_task_as_completed', outcome: 'completed' }
 */
export class WorkerAssistant {
  /** The task manager the reports go through (exposed for tests and tools). */
  readonly taskManager: TaskManager;
  readonly stats: Stats;
  readonly #db: DynamoClient;
  readonly #labourers: LabourerTimings;
  readonly #logger: WorkerAssistantLogger;
  #invocationId: string | undefined;

  constructor(options: WorkerAssistantOptions) {
    const { config } = options;
    const clock = options.clock ?? systemClock;
    this.stats = options.stats ?? new Stats();
    this.#logger = options.logger ?? console;
    this.#db = options.db ?? new DynamoClient({ stats: this.stats });
    this.#labourers = new LabourerTimings({
      taskConfig: config.task_config,
      lambda: options.lambda ?? new LambdaClient({}),
      refreshSeconds: config.labourer_refresh_seconds,
      clock,
      logger: this.#logger,
    });
    this.taskManager = new TaskManager({
      db: this.#db,
      tables: options.tables ?? taskTableNames(config.task_config),
      clock,
      stats: this.stats,
      logger: this.#logger,
      author: options.author ?? workerAssistantFunctionName(),
      invocationId: () => this.#invocationId,
      throttlesBeforeAttempt: config.throttles_before_attempt,
    });
  }

  /**
   * Records one worker report.
   *
   * @param event - `{ action, task_id, labourer_id?, stats?, result?, reason? }`, or its JSON text; `stats`
   * and `result` may be objects or JSON strings of objects
   * @throws ValidationError when the event is bad (nothing read or written)
   * @throws UnknownLabourerError when a failure is reported for a labourer missing from `task_config`
   *
   * @example
   * await assistant.handle({ action: 'mark_task_as_failed', task_id: 't1', labourer_id: 'worker', result: { error: 'timeout' } });
   * // { task_id: 't1', action: 'mark_task_as_failed', outcome: 'failed' }
   */
  async handle(event: unknown, options: HandleOptions = {}): Promise<WorkerAssistantResult> {
    this.#invocationId = options.invocationId;
    let report: WorkerEvent;
    try {
      report = parseWorkerEvent(event);
    } catch (error) {
      if (error instanceof ValidationError) this.stats.increment(WORKER_ASSISTANT_STATS.eventsInvalid);
      throw error;
    }
    const outcome = await this.#record(report);
    const result: WorkerAssistantResult = { task_id: report.task_id, action: report.action, outcome };
    this.#logger.info('worker report handled', { ...result });
    return result;
  }

  async #record(report: WorkerEvent): Promise<ReportOutcome> {
    const { task_id: taskId, stats, result } = report;
    const attempt = attemptOf(report);
    switch (report.action) {
      case 'mark_task_as_completed':
        return (
          await this.taskManager.markCompleted(taskId, {
            stats,
            result,
            labourerId: report.labourer_id,
            attempt,
          })
        ).outcome;
      case 'mark_task_as_failed':
        return this.#markFailed(report);
      case 'mark_task_as_dead': {
        const { outcome } = await this.taskManager.markDead(taskId, {
          reason: report.reason ?? 'the worker reported a fatal error',
          labourerId: report.labourer_id,
          attempt,
        });
        if (outcome === 'buried') this.stats.increment(WORKER_ASSISTANT_STATS.tasksBuried);
        return outcome;
      }
      case 'mark_task_as_throttled':
        return this.#markThrottled(report);
    }
  }

  /**
   * A throttle names its labourer and attempt (the event schema requires them), and needs the labourer's
   * timing for the throttle that spends the attempt (expired now, as a failure).
   */
  async #markThrottled(report: WorkerEvent): Promise<ReportOutcome> {
    const { task_id: taskId, labourer_id: labourerId, attempts, greenfield } = report;
    if (labourerId === undefined || attempts === undefined || greenfield === undefined) {
      throw new Error('unreachable: the event schema requires labourer_id, attempts and greenfield');
    }
    const labourer = await this.#labourers.get(labourerId);
    if (labourer === undefined) throw new UnknownLabourerError(labourerId, taskId);
    const { outcome } = await this.taskManager.markThrottled(taskId, {
      labourerId,
      attempt: { attempts, greenfield },
      timing: labourer,
      reason: report.reason,
    });
    return outcome;
  }

  /** A failure needs the labourer's timing: from the event's `labourer_id`, or else the task's row. */
  async #markFailed(report: WorkerEvent): Promise<ReportOutcome> {
    const { task_id: taskId, stats, result } = report;
    let labourerId = report.labourer_id;
    if (labourerId === undefined) {
      const task = await this.#db.get<TaskRow>(
        this.taskManager.tables.tasks,
        { task_id: taskId },
        { consistent: true },
      );
      if (task === undefined) {
        // What markFailed would answer for an unknown id, without a labourer to ask for: nothing written.
        this.stats.increment(TASK_STATS.reportRejected);
        this.#logger.warn('worker report "failed" rejected: not_found', {
          task_id: taskId,
          outcome: 'not_found',
        });
        return 'not_found';
      }
      labourerId = task.labourer_id;
    }
    const labourer = await this.#labourers.get(labourerId);
    if (labourer === undefined) throw new UnknownLabourerError(labourerId, taskId);
    return (
      await this.taskManager.markFailed(taskId, {
        timing: labourer,
        stats,
        result,
        labourerId,
        attempt: attemptOf(report),
      })
    ).outcome;
  }
}

/** The attempt a report names (`attempts`, `greenfield`), or none: Python sosw's reports name none. */
function attemptOf(report: WorkerEvent): ReportedAttempt | undefined {
  if (report.attempts === undefined && report.greenfield === undefined) return undefined;
  return { attempts: report.attempts, greenfield: report.greenfield };
}
