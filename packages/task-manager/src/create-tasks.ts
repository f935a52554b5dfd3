import { randomUUID } from 'node:crypto';
import { now, type TaskManagerContext } from './context.js';
import { metaRow } from './meta.js';
import { CreateTasksIncompleteError, InvalidTaskError } from './errors.js';
import { greenfieldsBehind } from './greenfield.js';
import { payloadString } from './payload.js';
import { queueEndGreenfield } from './queue.js';
import { TASK_STATS } from './stat-names.js';
import { runTransition, type TransitionItem } from './transaction-groups.js';
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

/**
 * The actions that create one task, all or none: its row, on condition that no task of that id is queued,
 * running, waiting for a retry or closed, and its `created` meta row.
 *
 * The conditions are what make a write that arrives late harmless. The SDK sends a request again when
 * its answer is lost (a dropped connection, DynamoDB restarting); by then the first copy may have landed
 * and the task moved on: claimed, failed into the retry table, closed. An unconditional put would bring it
 * back to the queue, to be invoked a second time for the same attempt. (Found by the chaos suite, with
 * DynamoDB Local restarted while a job was being scheduled.)
 */
function creationActions(ctx: TaskManagerContext, row: TaskRow): TransitionItem {
  return {
    taskId: row.task_id,
    actions: [
      { type: 'put', table: ctx.tables.tasks, item: row, ifAbsent: 'task_id' },
      {
        type: 'conditionCheck',
        table: ctx.tables.retry,
        key: { labourer_id: row.labourer_id, task_id: row.task_id },
        condition: { task_id: { exists: false } },
      },
      {
        type: 'conditionCheck',
        table: ctx.tables.closed,
        key: { task_id: row.task_id },
        condition: { task_id: { exists: false } },
      },
      { type: 'put', table: ctx.tables.meta, item: metaRow(row, 'created', row.created_at, ctx.author) },
    ],
  };
}

/**
 * Creates tasks for a labourer at the end of its queue: greenfields 1000 apart behind the newest queued
 * task (from ONE query, whatever the number of tasks; 2000, 3000, ... for an empty queue), `attempts` 0,
 * the payload as a JSON string, a `created` meta row each.
 *
 * Each task is written with its meta row in a transaction (25 tasks per `TransactWriteItems`), on
 * condition that its id is in none of the task tables (`creationActions`). So creation is idempotent for
 * given ids, even between two callers at once or when a request lands twice: an id that exists is
 * skipped and left as it is, and a task never exists without its `created` row. When some tasks could
 * not be written (DynamoDB kept refusing them), `CreateTasksIncompleteError` says which, after the others
 * were written: call again with the same ids.
 *
 * @throws InvalidTaskError before anything is read or written, when a task id or payload cannot be used
 * @throws CreateTasksIncompleteError when some tasks were not written; the ones written stay
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
      task_id: input.task_id ?? randomUUID(),
      payload: payloadString(input.payload, `tasks[${index}]`),
    };
  });
  if (prepared.length === 0) return { created: [], skipped: [] };

  // An id given twice in one call is created once: one transaction may not touch an item twice.
  const seen = new Set<string>();
  const repeated: string[] = [];
  const unique = prepared.filter((task) => {
    const first = !seen.has(task.task_id);
    if (!first) repeated.push(task.task_id);
    seen.add(task.task_id);
    return first;
  });

  const createdAt = now(ctx);
  const newest = await queueEndGreenfield(ctx, { id: labourerId }, createdAt, 'newest');
  const greenfields = greenfieldsBehind(newest, unique.length);
  const rows = unique.map((task, index): TaskRow => ({
    task_id: task.task_id,
    labourer_id: labourerId,
    created_at: createdAt,
    greenfield: greenfields[index] as number,
    attempts: 0,
    payload: task.payload,
  }));
  const result = await runTransition(
    ctx,
    rows.map((row) => creationActions(ctx, row)),
    'create',
  );
  const done = new Set(result.done);
  const created = rows.filter((row) => done.has(row.task_id));
  // Inputs order: the ids that exist already, then the repeats within this call.
  const existing = new Set(result.skipped);
  const skipped = [
    ...unique.filter((task) => existing.has(task.task_id)).map((task) => task.task_id),
    ...repeated,
  ];
  ctx.stats.increment(TASK_STATS.created, created.length);
  if (skipped.length > 0) ctx.stats.increment(TASK_STATS.createSkipped, skipped.length);
  if (result.failed.length > 0)
    throw new CreateTasksIncompleteError(labourerId, result.failed, created.length);
  return { created, skipped };
}
