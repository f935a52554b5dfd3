import { mapConcurrent } from '@sosw/core';
import { ConditionFailedError, type Condition } from '@sosw/dynamo-client';
import { describeError, type TaskManagerContext } from './context.js';
import {
  bandCeiling,
  fairGreenfields,
  flowTails,
  priorityBand,
  type ConcurrencyKey,
  type PriorityBand,
} from './fair-share.js';
import { bandEnd, type LabourerRef } from './queue.js';
import { TASK_STATS } from './stat-names.js';
import type { TaskRow } from './types.js';

/**
 * A row of `sosw_dispatch` (ours, beside the `labourer#<id>` lease rows): where one flow of a labourer's
 * queue ends, so its next tasks go behind its own and not behind everybody's (see `fair-share.ts`).
 */
export interface FlowRow {
  /** `flowScope(labourer_id, priority, concurrency_key)`. */
  scope: string;
  labourer_id: string;
  /** The priority band (0 is written too). */
  priority: number;
  /** Absent for the unkeyed flow. */
  concurrency_key?: string;
  /** The greenfield given to the flow's newest task: raised only (see `recordFlow`). */
  last_greenfield: number;
  /** That task: the flow has a backlog while it is queued. */
  last_task_id: string;
  /** Epoch seconds of the write, for people reading the table. */
  updated_at: number;
}

/**
 * The key of a flow's row in `sosw_dispatch`: `flow#<labourer id>#<priority>#<key>`, or
 * `flow#<labourer id>#<priority>` for the unkeyed flow (a key is never empty, so the two cannot meet).
 *
 * @example
 * flowScope('stats_puller', 0, 'account-42'); // 'flow#stats_puller#0#account-42'
 * flowScope('stats_puller', 3, undefined); // 'flow#stats_puller#3'
 */
export function flowScope(labourerId: string, priority: number, key: ConcurrencyKey): string {
  const flow = `flow#${labourerId}#${priority}`;
  return key === undefined ? flow : `${flow}#${key}`;
}

/** One new task as placement sees it. */
export interface TaskToPlace {
  concurrency_key?: string | undefined;
  priority: number;
}

/** A flow row to write once the tasks are: the flow, the row as read (if any), and a task it could end at. */
export interface FlowToRecord {
  scope: string;
  priority: number;
  key: ConcurrencyKey;
  /** The row as read, `null` when there was none. */
  seen: FlowRow | null;
  /** For the flow of the band's tail when the batch has no task of that flow: that tail task. */
  tail?: { task_id: string; greenfield: number };
}

/** What `placeTasks` decided: a greenfield per task and, per band placed fairly, the flows to record. */
export interface Placement {
  greenfields: number[];
  /** Empty when every band was placed as today (no key anywhere): then nothing is recorded. */
  flows: FlowToRecord[];
}

const flowOf = (task: Pick<TaskRow, 'concurrency_key'>): ConcurrencyKey => task.concurrency_key;

/**
 * Greenfields for new tasks of a labourer, band by band (`fair-share.ts`).
 *
 * For each band the tasks fall in, ONE query reads the band's tail (its newest queued task). When
 * neither the new tasks nor that tail carry a concurrency key, that is all: the tasks go behind the tail,
 * 1000 apart, exactly as before fair share (and as Python sosw does). Otherwise the band is placed
 * fairly, which reads:
 * - the band's head (ONE query of one item);
 * - the rows of the batch's flows, and of the tail's flow (`BatchGetItem`, strongly consistent, 100 a
 *   request);
 * - the task each row names, when its greenfield is not below the head (`BatchGetItem` of the tasks
 *   table, strongly consistent): a flow has a backlog while that task is still queued. This read, and
 *   not the index, is the truth about the newest tasks: the index may lag behind a batch just written.
 *
 * A row whose task has left the queue (invoked, closed, or from before the queue last went empty) says
 * nothing: that flow has no backlog and starts at the head.
 */
export async function placeTasks(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  tasks: readonly TaskToPlace[],
  start: number,
  weights: Readonly<Record<string, number>> | undefined,
): Promise<Placement> {
  const greenfields = new Array<number>(tasks.length);
  const flows: FlowToRecord[] = [];
  const byBand = new Map<number, number[]>();
  tasks.forEach((task, index) => {
    const list = byBand.get(task.priority);
    if (list === undefined) byBand.set(task.priority, [index]);
    else list.push(index);
  });
  await Promise.all(
    [...byBand].map(async ([priority, indexes]) => {
      const band = priorityBand(priority);
      const keys = indexes.map((index) => (tasks[index] as TaskToPlace).concurrency_key);
      const tail = await bandEnd(ctx, labourer, band, start, 'newest');
      const ceiling = bandCeiling(priority, start);
      let placed: number[];
      if (keys.every((key) => key === undefined) && (tail === undefined || flowOf(tail) === undefined)) {
        const tails = new Map<ConcurrencyKey, number>();
        if (tail !== undefined) tails.set(undefined, tail.greenfield);
        placed = fairGreenfields(keys, { priority, tails, ceiling });
      } else {
        const fair = await readBand(ctx, labourer, band, start, keys, tail);
        placed = fairGreenfields(keys, { priority, head: fair.head, tails: fair.tails, weights, ceiling });
        flows.push(...fair.flows);
      }
      if (placed.some((greenfield) => greenfield >= ceiling)) {
        ctx.logger.warn('new tasks reached the top of their priority band: they share one greenfield', {
          labourer_id: labourer.id,
          priority,
          ceiling,
        });
      }
      indexes.forEach((index, i) => {
        greenfields[index] = placed[i] as number;
      });
    }),
  );
  return { greenfields, flows };
}

/** What a fair placement of one band knows: its head, the tails of the batch's flows, the rows read. */
interface FairBand {
  head: number | undefined;
  tails: Map<ConcurrencyKey, number>;
  flows: FlowToRecord[];
}

async function readBand(
  ctx: TaskManagerContext,
  labourer: LabourerRef,
  band: PriorityBand,
  start: number,
  keys: readonly ConcurrencyKey[],
  tail: TaskRow | undefined,
): Promise<FairBand> {
  const { priority } = band;
  const batchFlows = new Set(keys);
  const tailFlow = tail === undefined ? undefined : { key: flowOf(tail) };
  const wanted = [...batchFlows];
  if (tailFlow !== undefined && !batchFlows.has(tailFlow.key)) wanted.push(tailFlow.key);
  const scopes = wanted.map((key) => flowScope(labourer.id, priority, key));
  const [headTask, rows] = await Promise.all([
    bandEnd(ctx, labourer, band, start, 'oldest'),
    ctx.db.batchGet<FlowRow>(
      ctx.tables.dispatch,
      scopes.map((scope) => ({ scope })),
      { consistent: true },
    ),
  ]);
  const head = headTask?.greenfield;
  const rowOf = new Map(rows.map((row) => [row.scope, row]));

  // The newest task each row names, where it could still be behind the head.
  const pointed = rows.filter((row) => head === undefined || row.last_greenfield >= head);
  const pointedTasks =
    pointed.length === 0
      ? []
      : await ctx.db.batchGet<TaskRow>(
          ctx.tables.tasks,
          pointed.map((row) => ({ task_id: row.last_task_id })),
          { consistent: true },
        );
  const queuedAt = new Map(
    pointedTasks
      .filter(
        (task) =>
          task.labourer_id === labourer.id &&
          task.completed_at === undefined &&
          task.greenfield >= band.floor &&
          task.greenfield < Math.min(start, band.top),
      )
      .map((task) => [task.task_id, task.greenfield]),
  );

  const tails = new Map<ConcurrencyKey, number>();
  const raise = (key: ConcurrencyKey, greenfield: number | undefined) => {
    if (greenfield === undefined) return;
    tails.set(key, Math.max(tails.get(key) ?? -Infinity, greenfield));
  };
  for (const key of batchFlows) {
    const row = rowOf.get(flowScope(labourer.id, priority, key));
    if (row !== undefined) raise(key, queuedAt.get(row.last_task_id));
  }
  if (tail !== undefined && tailFlow !== undefined && batchFlows.has(tailFlow.key)) {
    raise(tailFlow.key, tail.greenfield);
  }

  const flows: FlowToRecord[] = wanted.map((key, i) => ({
    scope: scopes[i] as string,
    priority,
    key,
    seen: rowOf.get(scopes[i] as string) ?? null,
  }));
  // The tail's flow has no task in this batch, and this batch may go past it: its row must say where it
  // ends (Python sosw's tasks and tasks placed as today have no row), or its next batch would start at
  // the head, in front of its own backlog.
  if (tail !== undefined && tailFlow !== undefined && !batchFlows.has(tailFlow.key)) {
    const flow = flows.at(-1) as FlowToRecord;
    flow.tail = { task_id: tail.task_id, greenfield: tail.greenfield };
  }
  return { head, tails, flows };
}

/** How many flow rows `recordFlows` writes at once. */
const FLOW_WRITE_CONCURRENCY = 8;

/**
 * After the tasks are written: each flow placed fairly records its newest created task in its row of
 * `sosw_dispatch` (one conditional `UpdateItem` per flow, two when another writer got there first).
 * Written after the tasks, so a row never names a task that was not written; a crash in between leaves
 * the row one batch behind, and the flow's next batch interleaves with its last one instead of following
 * it. A write DynamoDB refuses is logged and counted, never thrown: the tasks are there.
 */
export async function recordFlows(
  ctx: TaskManagerContext,
  labourerId: string,
  placement: Placement,
  created: readonly TaskRow[],
): Promise<void> {
  if (placement.flows.length === 0) return;
  const newest = new Map<string, TaskRow>();
  for (const [priority, bandRows] of groupBy(created, (row) => row.priority ?? 0)) {
    const keys = bandRows.map(flowOf);
    for (const [key, index] of flowTails(
      keys,
      bandRows.map((row) => row.greenfield),
    )) {
      newest.set(flowScope(labourerId, priority, key), bandRows[index] as TaskRow);
    }
  }
  const bandsCreated = new Set(created.map((row) => row.priority ?? 0));
  const writes = placement.flows.flatMap((flow) => {
    const task = newest.get(flow.scope) ?? (bandsCreated.has(flow.priority) ? flow.tail : undefined);
    return task === undefined ? [] : [{ flow, task }];
  });
  await mapConcurrent(writes, FLOW_WRITE_CONCURRENCY, async ({ flow, task }) => {
    try {
      // The tail's flow was not judged by this batch (its row was read, its task was not): raise only.
      const written = await recordFlow(ctx, labourerId, flow, task, { mayLower: flow.tail === undefined });
      ctx.stats.increment(written ? TASK_STATS.flowsRecorded : TASK_STATS.flowRecordSkipped);
    } catch (error) {
      ctx.stats.increment(TASK_STATS.flowRecordFailed);
      ctx.logger.warn('flow row not written: the flow may interleave with its own last batch', {
        labourer_id: labourerId,
        scope: flow.scope,
        error: describeError(error),
      });
    }
  });
}

/**
 * Writes a flow's newest task into its row, RAISE ONLY: the row moves to a greenfield above the one it
 * holds, so two schedulers writing one flow at once leave the higher. One exception, with `mayLower`:
 * the very row read (same greenfield, same task), when its task had left the queue (the queue went empty
 * since and greenfields started low again, or the task was retried to the front). That row moves down,
 * only as read: of two writers that judged it so, the second finds it changed and may only raise it.
 *
 * @returns whether the row was written (false: another writer holds a higher greenfield, or it is as is)
 */
export async function recordFlow(
  ctx: TaskManagerContext,
  labourerId: string,
  flow: Pick<FlowToRecord, 'scope' | 'priority' | 'key' | 'seen'>,
  task: { task_id: string; greenfield: number },
  { mayLower }: { mayLower: boolean },
): Promise<boolean> {
  const { seen } = flow;
  if (seen !== null && seen.last_task_id === task.task_id && seen.last_greenfield === task.greenfield) {
    return false;
  }
  const row: Omit<FlowRow, 'scope'> = {
    labourer_id: labourerId,
    priority: flow.priority,
    ...(flow.key !== undefined && { concurrency_key: flow.key }),
    last_greenfield: task.greenfield,
    last_task_id: task.task_id,
    updated_at: Math.floor(ctx.clock.nowMs() / 1000),
  };
  const write = async (condition: Condition): Promise<boolean> => {
    try {
      await ctx.db.update(ctx.tables.dispatch, { scope: flow.scope }, { set: row }, { condition });
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  };
  const raiseOnly: Condition = { last_greenfield: { lt: task.greenfield } };
  let first: Condition;
  if (seen === null) first = { scope: { exists: false } };
  else if (task.greenfield > seen.last_greenfield || !mayLower) first = raiseOnly;
  else first = { last_greenfield: { eq: seen.last_greenfield }, last_task_id: { eq: seen.last_task_id } };
  if (await write(first)) return true;
  return first === raiseOnly ? false : write(raiseOnly);
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}
