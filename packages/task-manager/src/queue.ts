import { INDEXES } from '@sosw/tables';
import type { TaskManagerContext } from './context.js';
import { completedRowOf } from './meta.js';
import type { PriorityBand } from './fair-share.js';
import type { RunWindow } from './greenfield.js';
import type { ClosedTaskRow, MetaRow, RetryTaskRow, TaskRow } from './types.js';

/** What the queue reads need of a labourer: its id. */
export interface LabourerRef {
  readonly id: string;
}

/** How a closed task ended: archived after completion (`_1`) or buried as dead (`_0`). */
export type ClosedStatus = 'completed' | 'dead';

/**
 * The partition of the closed-tasks index for a labourer's completed or dead tasks.
 *
 * @example
 * closedStatusKey('worker', 'dead'); // 'worker_0'
 */
export function closedStatusKey(labourerId: string, status: ClosedStatus): string {
  return `${labourerId}_${status === 'completed' ? 1 : 0}`;
}

const byLabourer = (labourer: LabourerRef) => ({ name: 'labourer_id', value: labourer.id });

/** The greenfield at one end of a labourer's queue (tasks with `greenfield < start`), if it has any. */
export async function queueEndGreenfield(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  start: number,
  end: 'oldest' | 'newest',
): Promise<number | undefined> {
  const [task] = await ctx.db.query<Pick<TaskRow, 'greenfield'>>(ctx.tables.tasks, {
    index: INDEXES.greenfield,
    partitionKey: byLabourer(labourer),
    sortKey: { name: 'greenfield', lt: start },
    descending: end === 'newest',
    limit: 1,
  });
  return task?.greenfield;
}

/**
 * The queued task at one end of a priority band of a labourer's queue (see `priorityBand`): its oldest
 * (the band's head) or its newest (the band's tail), read with ONE query of the greenfield index (one
 * item). For band 0 with `'newest'`, exactly the query of `queueEndGreenfield`.
 */
export async function bandEnd(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  band: PriorityBand,
  start: number,
  end: 'oldest' | 'newest',
): Promise<TaskRow | undefined> {
  const top = Math.min(start, band.top);
  const [task] = await ctx.db.query<TaskRow>(ctx.tables.tasks, {
    index: INDEXES.greenfield,
    partitionKey: byLabourer(labourer),
    sortKey: end === 'newest' ? { name: 'greenfield', lt: top } : { name: 'greenfield', ge: band.floor },
    descending: end === 'newest',
    limit: 1,
  });
  return task !== undefined && task.greenfield >= band.floor && task.greenfield < top ? task : undefined;
}

/** The next `limit` queued tasks of a labourer, first in, first out (smallest greenfield first). */
export async function nextTasks(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  window: RunWindow,
  limit: number,
): Promise<TaskRow[]> {
  if (limit < 1) return [];
  return ctx.db.query<TaskRow>(ctx.tables.tasks, {
    index: INDEXES.greenfield,
    partitionKey: byLabourer(labourer),
    sortKey: { name: 'greenfield', lt: window.start },
    limit,
  });
}

/** How many tasks of a labourer are queued (`greenfield < start`). */
export function queueLength(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  window: RunWindow,
): Promise<number> {
  return ctx.db.count(ctx.tables.tasks, {
    index: INDEXES.greenfield,
    partitionKey: byLabourer(labourer),
    sortKey: { name: 'greenfield', lt: window.start },
  });
}

/** How many tasks of a labourer are running: invoked, not completed, not yet expired (`greenfield > expired`). */
export function countRunning(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  window: RunWindow,
): Promise<number> {
  return ctx.db.count(ctx.tables.tasks, {
    index: INDEXES.greenfield,
    partitionKey: byLabourer(labourer),
    sortKey: { name: 'greenfield', gt: window.expired },
    filter: { completed_at: { exists: false } },
  });
}

const expiredQuery = (labourer: LabourerRef, window: RunWindow) => ({
  index: INDEXES.greenfield,
  partitionKey: byLabourer(labourer),
  sortKey: { name: 'greenfield', between: [window.start, window.expired] as [number, number] },
  filter: { completed_at: { exists: false } },
});

const completedQuery = (labourer: LabourerRef, window: RunWindow) => ({
  index: INDEXES.greenfield,
  partitionKey: byLabourer(labourer),
  sortKey: { name: 'greenfield', ge: window.start },
  filter: { completed_at: { exists: true } },
});

/** How many tasks of a labourer have expired: invoked, not completed, `start <= greenfield <= expired`. */
export function countExpired(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  window: RunWindow,
): Promise<number> {
  return ctx.db.count(ctx.tables.tasks, expiredQuery(labourer, window));
}

/** How many tasks of a labourer are completed and not yet archived. */
export function countCompleted(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  window: RunWindow,
): Promise<number> {
  return ctx.db.count(ctx.tables.tasks, completedQuery(labourer, window));
}

/** The expired tasks of a labourer (all, or the first `limit` by greenfield). */
export function expiredTasks(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  window: RunWindow,
  limit?: number,
): Promise<TaskRow[]> {
  return ctx.db.query<TaskRow>(ctx.tables.tasks, { ...expiredQuery(labourer, window), limit });
}

/** The completed, not yet archived tasks of a labourer (all, or the first `limit`). */
export function completedTasks(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  window: RunWindow,
  limit?: number,
): Promise<TaskRow[]> {
  return ctx.db.query<TaskRow>(ctx.tables.tasks, { ...completedQuery(labourer, window), limit });
}

/** How many tasks of a labourer wait in the retry table, due or not. */
export function retryLength(ctx: TaskManagerContext, labourer: LabourerRef): Promise<number> {
  return ctx.db.count(ctx.tables.retry, { partitionKey: byLabourer(labourer) });
}

/** The retry rows of a labourer due by `dueBy` (`desired_launch_time <= dueBy`), earliest first. */
export function dueRetries(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  dueBy: number,
  limit: number,
): Promise<RetryTaskRow[]> {
  return ctx.db.query<RetryTaskRow>(ctx.tables.retry, {
    index: INDEXES.retryByLaunchTime,
    partitionKey: byLabourer(labourer),
    sortKey: { name: 'desired_launch_time', le: dueBy },
    limit,
  });
}

/** How many tasks of a labourer were closed as `status` since `sinceSeconds` (`closed_at >= since`). */
export function countClosed(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  status: ClosedStatus,
  sinceSeconds: number,
): Promise<number> {
  return ctx.db.count(ctx.tables.closed, {
    index: INDEXES.closedByStatus,
    partitionKey: { name: 'labourer_id_task_status', value: closedStatusKey(labourer.id, status) },
    sortKey: { name: 'closed_at', ge: sinceSeconds },
  });
}

/** Everything the tables know of one task. */
export interface TaskRecord {
  /** The row in the tasks table: queued, running, expired or completed. */
  task?: TaskRow | undefined;
  /** The row in the closed table: archived or buried. */
  closed?: ClosedTaskRow | undefined;
  /** The row in the retry table: waiting to go back to the queue. */
  retry?: RetryTaskRow | undefined;
  /**
   * The task's events, oldest first: the meta table's rows, and the `marked_as_completed` row a completed task
   * carries until it is archived.
   */
  meta: MetaRow[];
}

/**
 * One task, wherever it is. The tasks and closed tables are keyed by `task_id` alone; the retry table by
 * `labourer_id` + `task_id`, so the retry row is looked up under the labourer given, or else the one the
 * task row, the closed row or a meta row names. A task none of those know (created by Python sosw,
 * which writes no meta row, and now in the retry table) needs `labourerId`.
 */
export async function getTask(
  ctx: TaskManagerContext,
  taskId: string,
  options: { labourerId?: string } = {},
): Promise<TaskRecord> {
  const [task, closed, meta] = await Promise.all([
    ctx.db.get<TaskRow>(ctx.tables.tasks, { task_id: taskId }, { consistent: true }),
    ctx.db.get<ClosedTaskRow>(ctx.tables.closed, { task_id: taskId }, { consistent: true }),
    ctx.db.query<MetaRow>(ctx.tables.meta, {
      partitionKey: { name: 'task_id', value: taskId },
      consistent: true,
    }),
  ]);
  const labourerId =
    options.labourerId ??
    task?.labourer_id ??
    closed?.labourer_id ??
    meta.find((row) => row.labourer_id)?.labourer_id;
  const retry =
    labourerId === undefined
      ? undefined
      : await ctx.db.get<RetryTaskRow>(
          ctx.tables.retry,
          { labourer_id: labourerId, task_id: taskId },
          { consistent: true },
        );
  // A completed task carries its `marked_as_completed` row until the scavenger writes it: the story includes it.
  const carried = task === undefined ? undefined : completedRowOf(task);
  const story =
    carried === undefined || meta.some((row) => row.created_at === carried.created_at)
      ? meta
      : [...meta, carried].sort((a, b) => a.created_at - b.created_at);
  return { task, closed, retry, meta: story };
}
