import { ConditionFailedError, type TransactAction } from '@sosw/dynamo-client';
import { attemptTests, isOtherAttempt, reportedAttemptDetails, type ReportedAttempt } from './attempt.js';
import { meta, now, type TaskManagerContext } from './context.js';
import { InvalidTaskError } from './errors.js';
import { expiredNowGreenfield, type Timing } from './greenfield.js';
import { TASK_STATS } from './stat-names.js';
import { transactOnce } from './transaction-groups.js';
import { bury } from './transitions.js';
import { completionRecordOf } from './meta.js';
import type { TaskRow } from './types.js';

/** Why a worker's report (completed or failed) was not recorded. Nothing was written to the task. */
export type ReportRejection =
  /** No such task in the tasks table: an unknown id, or a task already archived, buried or in retry. */
  | 'not_found'
  /** The task has a `completed_at` already (a duplicate report). */
  | 'already_completed'
  /** The task is queued, not invoked: a report from an invocation whose claim is gone. */
  | 'not_invoked'
  /** The report named a `labourer_id` that is not the task's: a worker reporting someone else's task. */
  | 'labourer_id_mismatch'
  /**
   * The report named an attempt (`ReportedAttempt`) that is not the task's: a late or duplicated report of
   * an attempt that is over, the task claimed again since.
   */
  | 'attempt_mismatch';

/** What a worker reports with its completion or failure: stored as `stat_<key>` and `result_<key>`. */
export interface WorkerReport {
  stats?: Record<string, unknown> | undefined;
  result?: Record<string, unknown> | undefined;
  /**
   * The task's labourer, when the caller knows it (the worker SDK sends it): saves reading the task
   * before the write. It is checked, not trusted: the write is conditional on the task's `labourer_id`
   * being this one, and a report naming another labourer is rejected as `labourer_id_mismatch`.
   */
  labourerId?: string | undefined;
  /**
   * The attempt the report is about, when the caller knows it (the worker SDK sends it): the write is
   * then conditional on the task still being in that attempt, and a report of another one is rejected as
   * `attempt_mismatch`. Without it, the report is taken for whatever attempt is running, as in sosw.
   */
  attempt?: ReportedAttempt | undefined;
}

/** Options of `markFailed`: the report, and the labourer's timing, which says where "expired" starts. */
export interface FailureReport extends WorkerReport {
  timing: Timing;
}

export interface CompletionResult {
  outcome: 'completed' | ReportRejection;
}

export interface FailureResult {
  outcome: 'failed' | ReportRejection;
}

export interface DeathResult {
  /** `changed`: the task kept changing under us (claimed, completed) and was left alone. */
  outcome: 'buried' | 'changed' | ReportRejection;
}

/** What `markDead` is told besides the task id. */
export interface DeathReport {
  /** Why the worker gave up: the `archived_dead` meta row's reason. */
  reason?: string | undefined;
  /** The labourer the report names; when given, a task of another labourer is left alone. */
  labourerId?: string | undefined;
  /** The attempt the report is about; when given, a task in another attempt is left alone. */
  attempt?: ReportedAttempt | undefined;
}

/** How many times a report is tried when the task changes between the read and the write. */
const REPORT_ATTEMPTS = 3;

/**
 * Whether a task may take a worker's report now, and if not, why. A report is taken from an invoked task
 * (claimed, running or expired: `greenfield >= start`) that has not completed, that belongs to the
 * labourer the report names, when it names one, and that is in the attempt the report names, when it
 * names one (`isOtherAttempt`).
 *
 * @example
 * reportRejection(undefined, 100); // 'not_found'
 * reportRejection({ labourer_id: 'a', greenfield: 31_557_700, attempts: 1 }, 100, 'b'); // 'labourer_id_mismatch'
 * reportRejection({ labourer_id: 'a', greenfield: 31_557_800, attempts: 2 }, 100, 'a', { attempts: 1 }); // 'attempt_mismatch'
 * reportRejection({ labourer_id: 'a', greenfield: 50, attempts: 1 }, 100); // 'not_invoked'
 * reportRejection({ labourer_id: 'a', greenfield: 31_557_700, attempts: 1 }, 100); // undefined: accepted
 */
export function reportRejection(
  task: (Pick<TaskRow, 'labourer_id' | 'greenfield' | 'completed_at'> & { attempts?: number }) | undefined,
  start: number,
  labourerId?: string,
  attempt?: ReportedAttempt,
): ReportRejection | undefined {
  if (task === undefined) return 'not_found';
  // Before the task's state: whoever names the wrong labourer learns nothing of someone else's task.
  if (labourerId !== undefined && task.labourer_id !== labourerId) return 'labourer_id_mismatch';
  // Before its completion: a late report of attempt 1 is about attempt 1, whatever became of attempt 2.
  if (isOtherAttempt(task, attempt)) return 'attempt_mismatch';
  if (task.completed_at !== undefined) return 'already_completed';
  if (task.greenfield < start) return 'not_invoked';
  return undefined;
}

/**
 * A worker's stats and result as task attributes: `{ rows: 5 }` -> `{ stat_rows: 5 }`.
 *
 * @example
 * reportedAttributes({ stats: { rows: 5 }, result: { file: 'a.csv' } });
 * // { stat_rows: 5, result_file: 'a.csv' }
 */
export function reportedAttributes(report: WorkerReport): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [prefix, values] of [
    ['stat_', report.stats],
    ['result_', report.result],
  ] as const) {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (key === '') throw new InvalidTaskError(`worker report: a key of ${prefix.slice(0, -1)}s is empty`);
      attributes[`${prefix}${key}`] = value;
    }
  }
  return attributes;
}

/**
 * The condition of a report: the task exists (`patch`), is the named labourer's, has not completed, is
 * invoked, and is in the reported attempt when the report names one (`attemptTests`).
 */
const reportable = (start: number, labourerId: string, attempt: ReportedAttempt = {}) => ({
  labourer_id: { eq: labourerId },
  completed_at: { exists: false },
  ...attemptTests(attempt, start),
});

/**
 * Writes a report on the condition that the task may take it (`reportable`): `true` when written, `false`
 * when the condition failed. Completions and failures write differently (see `markCompleted`).
 */
type ReportWrite = (
  at: number,
  labourerId: string,
  attributes: Record<string, unknown>,
  attempt: ReportedAttempt | undefined,
) => Promise<boolean>;

/**
 * Records a report with `write`, on the condition that the task may take it; when it may not, one
 * consistent read says why (and a rejected report of an existing task leaves a `completion_rejected`
 * meta row, for debugging: never a task row, and nothing at all for an unknown id).
 */
async function report(
  ctx: TaskManagerContext,
  taskId: string,
  reportOptions: WorkerReport,
  kind: 'completed' | 'failed',
  write: ReportWrite,
): Promise<'done' | ReportRejection> {
  if (taskId === '') throw new InvalidTaskError(`mark ${kind}: task_id is empty`);
  const attributes = reportedAttributes(reportOptions);
  let labourerId = reportOptions.labourerId;
  for (let attempt = 1; ; attempt++) {
    const at = now(ctx);
    if (labourerId === undefined) {
      const task = await ctx.db.get<TaskRow>(ctx.tables.tasks, { task_id: taskId }, { consistent: true });
      const rejection = reportRejection(task, at, undefined, reportOptions.attempt);
      if (task === undefined || rejection !== undefined) {
        return rejectReport(ctx, taskId, task, rejection ?? 'not_found', kind, reportOptions);
      }
      // The task's own labourer: the write's condition still checks that it has not changed.
      labourerId = task.labourer_id;
    }
    if (await write(at, labourerId, attributes, reportOptions.attempt)) return 'done';
    const task = await ctx.db.get<TaskRow>(ctx.tables.tasks, { task_id: taskId }, { consistent: true });
    const rejection = reportRejection(task, at, labourerId, reportOptions.attempt);
    if (rejection !== undefined) return rejectReport(ctx, taskId, task, rejection, kind, reportOptions);
    // The task changed between the condition and the read (claimed again, rolled back): try again.
    if (attempt >= REPORT_ATTEMPTS)
      return rejectReport(ctx, taskId, task, 'not_invoked', kind, reportOptions);
  }
}

/**
 * A completion: ONE conditional update of the task, which carries its own `marked_as_completed` meta row
 * (`completion`) until the scavenger writes that row, just before it archives the task. The update and
 * its history are one write, so they happen together or not at all, without a transaction: a
 * transaction would cost twice the write units on DynamoDB and, on DynamoDB Local, four times the time
 * of an update (`pnpm bench`).
 */
function writeCompletion(ctx: TaskManagerContext, taskId: string): ReportWrite {
  return async (at, labourerId, attributes, attempt) => {
    const completion = completionRecordOf(
      meta(ctx, { task_id: taskId, labourer_id: labourerId }, 'marked_as_completed'),
    );
    try {
      await ctx.db.patch(
        ctx.tables.tasks,
        { task_id: taskId },
        // A completion ends the run of throttled reports (`markThrottled`).
        { set: { ...attributes, completed_at: at, completion }, remove: ['throttles'] },
        { condition: reportable(at, labourerId, attempt) },
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  };
}

/**
 * A failure: the task's update and its `marked_as_failed` meta row in ONE transaction (a failed task moves on to
 * retry, where no scavenger step would write a row kept on it).
 */
function writeFailure(ctx: TaskManagerContext, taskId: string, timing: Timing): ReportWrite {
  return async (at, labourerId, attributes, attempt) => {
    const actions: TransactAction[] = [
      {
        type: 'patch',
        table: ctx.tables.tasks,
        key: { task_id: taskId },
        update: {
          set: { greenfield: expiredNowGreenfield(at, timing), ...attributes },
          increment: { failed_attempts: 1 },
        },
        condition: reportable(at, labourerId, attempt),
      },
      {
        type: 'put',
        table: ctx.tables.meta,
        item: meta(ctx, { task_id: taskId, labourer_id: labourerId }, 'marked_as_failed'),
      },
    ];
    return (await transactOnce(ctx, actions)) === 'done';
  };
}

/** What a rejected report said about itself: the labourer and the attempt it named. */
type Reported = Pick<WorkerReport, 'labourerId' | 'attempt'>;

/**
 * Answers a report the task may not take: counted, logged, and for a task that exists a
 * `completion_rejected` meta row; never a change of the task.
 */
export async function rejectReport(
  ctx: TaskManagerContext,
  taskId: string,
  task: TaskRow | undefined,
  rejection: ReportRejection,
  kind: 'completed' | 'failed' | 'dead' | 'throttled',
  reported: Reported,
): Promise<ReportRejection> {
  ctx.stats.increment(TASK_STATS.reportRejected);
  // What the report named when it was not the task's: who sent it, and about which attempt, for whoever
  // debugs it (the task's own labourer_id and attempts are in the row).
  const named = {
    ...(rejection === 'labourer_id_mismatch' && { reported_labourer_id: reported.labourerId }),
    ...(rejection === 'attempt_mismatch' && reportedAttemptDetails(reported.attempt)),
  };
  ctx.logger.warn(`worker report "${kind}" rejected: ${rejection}`, {
    task_id: taskId,
    outcome: rejection,
    ...named,
  });
  if (task !== undefined) {
    // The meta row keeps the task's own labourer_id; the one the report named is `reported_labourer_id`.
    await ctx.db.put(
      ctx.tables.meta,
      meta(ctx, task, 'completion_rejected', { reported: kind, outcome: rejection, ...named }),
    );
  }
  return rejection;
}

/**
 * The worker-assistant's `mark_task_as_completed`: sets `completed_at = now`, the report's `stat_*` /
 * `result_*` and the `marked_as_completed` meta row (`completion`, written to the meta table by the scavenger
 * just before it archives the task) in ONE conditional update, on the condition that the task exists,
 * has not completed and is invoked (and, when `labourerId` is given, is that labourer's). Unlike Python
 * sosw's upsert, a late or duplicate completion never creates or resurrects a task row: it comes back as
 * `not_found`, `already_completed` or `not_invoked`; one naming another labourer as `labourer_id_mismatch`.
 *
 * @example
 * await taskManager.markCompleted('t1', { stats: { rows: 10 } }); // { outcome: 'completed' }
 * await taskManager.markCompleted('t1'); // { outcome: 'already_completed' }
 */
export async function markCompleted(
  ctx: TaskManagerContext,
  taskId: string,
  options: WorkerReport = {},
): Promise<CompletionResult> {
  const outcome = await report(ctx, taskId, options, 'completed', writeCompletion(ctx, taskId));
  if (outcome !== 'done') return { outcome };
  ctx.stats.increment(TASK_STATS.completed);
  return { outcome: 'completed' };
}

/**
 * The worker-assistant's `mark_task_as_failed`: adds 1 to `failed_attempts`, stores the report's
 * `stat_*` / `result_*` and makes the task expired now (`greenfield = expiredNowGreenfield(now, timing)`
 * with the labourer's timing), with a `marked_as_failed` meta row, in ONE transaction. The next scavenger run then
 * retries it (or buries it, without attempts left) instead of waiting for the timeout. Same conditions
 * and outcomes as `markCompleted`.
 */
export async function markFailed(
  ctx: TaskManagerContext,
  taskId: string,
  options: FailureReport,
): Promise<FailureResult> {
  const outcome = await report(ctx, taskId, options, 'failed', writeFailure(ctx, taskId, options.timing));
  if (outcome !== 'done') return { outcome };
  ctx.stats.increment(TASK_STATS.failed);
  return { outcome: 'failed' };
}

/**
 * Buries a task now, whatever its attempts (the worker SDK's fatal error: retrying cannot help). Reads
 * the task, then buries it on the condition that it is unchanged and not completed; tries again when it
 * changed in between. A report the task may not take is rejected as completions are (`reportRejection`:
 * another labourer's, another attempt's, completed, or queued, so a late report never buries a task
 * waiting for its next attempt), with a `completion_rejected` meta row.
 */
export async function markDead(
  ctx: TaskManagerContext,
  taskId: string,
  { reason, labourerId, attempt }: DeathReport = {},
): Promise<DeathResult> {
  for (let round = 1; round <= REPORT_ATTEMPTS; round++) {
    const task = await ctx.db.get<TaskRow>(ctx.tables.tasks, { task_id: taskId }, { consistent: true });
    if (task === undefined) return { outcome: 'not_found' };
    const rejection = reportRejection(task, now(ctx), labourerId, attempt);
    if (rejection !== undefined) {
      return { outcome: await rejectReport(ctx, taskId, task, rejection, 'dead', { labourerId, attempt }) };
    }
    // `bury`'s condition, the greenfield as read and no completion, keeps the burial to the attempt read.
    const result = await bury(ctx, task, reason);
    if (result.done.length > 0) return { outcome: 'buried' };
  }
  return { outcome: 'changed' };
}
