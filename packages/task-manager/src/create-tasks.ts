import { randomUUID } from 'node:crypto';
import type { BatchWriteRequest } from '@sosw/dynamo-client';
import { now, type TaskManagerContext } from './context.js';
import { metaRow } from './meta.js';
import { InvalidTaskError } from './errors.js';
import { greenfieldsBehind } from './greenfield.js';
import { payloadString } from './payload.js';
import { queueEndGreenfield } from './queue.js';
import { TASK_STATS } from './stat-names.js';
import type { TaskRow } from './types.js';

/** A task to create: its input, and optionally its id. */
export interface NewTask {
  /**
   * The task's id. Give one to make creation idempotent: a task whose id exists already (queued, running,
   * in the retry table or closed) is skipped, never reset. Default: a random UUID.
   */
  task_id?: string;
  /** The worker's input; see `payloadString` for how it is stored. */
  payload?: unknown;
}

/** What `createTasks` did. */
export interface CreateTasksResult {
  /** The rows written, in the order of the inputs. */
  created: TaskRow[];
  /** Given ids not created because a task with that id exists (or the id came twice in the call). */
  skipped: string[];
}

/** What a task row found in one of the task tables tells about its creation. */
interface FoundTask {
  task_id: string;
  labourer_id?: string;
  created_at?: number;
}

/**
 * The given ids that exist already, in any of the three task tables, with what their rows say about
 * their creation (the closed and retry rows keep the task's `created_at`).
 */
async function existingTasks(
  ctx: TaskManagerContext,
  labourerId: string,
  ids: readonly string[],
): Promise<Map<string, FoundTask>> {
  if (ids.length === 0) return new Map();
  const byId = ids.map((task_id) => ({ task_id }));
  // Consistent reads: a task created a moment ago by a previous attempt of the same call must be seen.
  const found = await Promise.all([
    ctx.db.batchGet<FoundTask>(ctx.tables.tasks, byId, { consistent: true }),
    ctx.db.batchGet<FoundTask>(ctx.tables.closed, byId, { consistent: true }),
    ctx.db.batchGet<FoundTask>(
      ctx.tables.retry,
      ids.map((task_id) => ({ labourer_id: labourerId, task_id })),
      { consistent: true },
    ),
  ]);
  return new Map(found.flat().map((row) => [row.task_id, row]));
}

/**
 * A task's `created` meta row. Its key is the task's own `created_at`, not a fresh timestamp, so writing
 * it again is harmless: a call repeated after a part-way failure puts the same row, never a second one.
 */
function createdRow(
  ctx: TaskManagerContext,
  task: { task_id: string; labourer_id: string; created_at: number },
) {
  return metaRow(task, 'created', task.created_at, ctx.author);
}

/**
 * Creates tasks for a labourer at the end of its queue: greenfields 1000 apart behind the newest queued
 * task (from ONE query, whatever the number of tasks; 2000, 3000, ... for an empty queue), `attempts` 0,
 * the payload as a JSON string, a `created` meta row each; written with batch writes (25 per request,
 * unprocessed items retried).
 *
 * Idempotent for given ids: they are first read (consistently) from the tasks, retry and closed tables,
 * and the ones found are skipped, their `created` meta row put again (the same key, so never twice). The
 * window between that read and the write is narrow but real: two calls creating the same new id at the
 * same moment both write it, and the later write replaces the earlier row (then both calls report it
 * created). Run one creator per set of ids (the scheduler does). When a batch write fails part-way
 * (`UnprocessedItemsError`), call again with the same ids: the tasks that landed are skipped, and the
 * `created` rows that did not are written then.
 *
 * @throws InvalidTaskError before anything is read or written, when a task id or payload cannot be used
 */
export async function createTasks(
  ctx: TaskManagerContext,
  labourerId: string,
  inputs: readonly NewTask[],
): Promise<CreateTasksResult> {
  if (labourerId === '') throw new InvalidTaskError('createTasks: labourerId is empty');
  const prepared = inputs.map((input, index) => {
    if (input.task_id !== undefined && (typeof input.task_id !== 'string' || input.task_id === '')) {
      throw new InvalidTaskError(`tasks[${index}].task_id must be a non-empty string`);
    }
    return {
      given: input.task_id !== undefined,
      task_id: input.task_id ?? randomUUID(),
      payload: payloadString(input.payload, `tasks[${index}]`),
    };
  });
  if (prepared.length === 0) return { created: [], skipped: [] };

  const existing = await existingTasks(
    ctx,
    labourerId,
    prepared.filter((task) => task.given).map((task) => task.task_id),
  );
  // A previous attempt of this call may have written some tasks and failed before their `created` rows
  // (the two go in separate batch requests): put those rows again, as the retry it is meant to be.
  const repairs = [...existing.values()].flatMap((task) =>
    task.labourer_id === labourerId && typeof task.created_at === 'number'
      ? [
          {
            table: ctx.tables.meta,
            put: createdRow(ctx, { ...task, labourer_id: labourerId, created_at: task.created_at }),
          },
        ]
      : [],
  );
  if (repairs.length > 0) await ctx.db.batchWrite(repairs);
  const seen = new Set<string>();
  const skipped: string[] = [];
  const fresh = prepared.filter((task) => {
    const keep = !existing.has(task.task_id) && !seen.has(task.task_id);
    seen.add(task.task_id);
    if (!keep) skipped.push(task.task_id);
    return keep;
  });
  if (skipped.length > 0) ctx.stats.increment(TASK_STATS.createSkipped, skipped.length);
  if (fresh.length === 0) return { created: [], skipped };

  const createdAt = now(ctx);
  const newest = await queueEndGreenfield(ctx, { id: labourerId }, createdAt, 'newest');
  const greenfields = greenfieldsBehind(newest, fresh.length);
  const created = fresh.map((task, index): TaskRow => ({
    task_id: task.task_id,
    labourer_id: labourerId,
    created_at: createdAt,
    greenfield: greenfields[index] as number,
    attempts: 0,
    payload: task.payload,
  }));
  await ctx.db.batchWrite(
    created.flatMap((row): BatchWriteRequest[] => [
      { table: ctx.tables.tasks, put: row },
      { table: ctx.tables.meta, put: createdRow(ctx, row) },
    ]),
  );
  ctx.stats.increment(TASK_STATS.created, created.length);
  return { created, skipped };
}
