import { randomUUID } from 'node:crypto';
import { now, type TaskManagerContext } from './context.js';
import { metaRow } from './meta.js';
import { CreateTasksIncompleteError, InvalidTaskError } from './errors.js';
import { MAX_CONCURRENCY_KEY_LENGTH, MAX_KEY_WEIGHT, MAX_PRIORITY } from './fair-share.js';
import { placeTasks, recordFlows } from './flow-state.js';
import { payloadString } from './payload.js';
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
  /**
   * The task's concurrency key (an account, a tenant: 1 to 256 characters), stored as `concurrency_key`.
   * The labourer's queue shares its turns among keys (see `fair-share.ts`). Default: none, the labourer's
   * unkeyed flow, which shares the turns as one more key.
   */
  concurrency_key?: string | undefined;
  /**
   * The task's priority, a whole number from 0 (the default, and what every Python sosw task has) to
   * `MAX_PRIORITY`: a queued task of a higher priority goes before every task of a lower one. Stored as
   * `priority` when above 0.
   */
  priority?: number | undefined;
}

/** Options of `createTasks`. */
export interface CreateTasksOptions {
  /**
   * The weight of each concurrency key (a positive number, at most `MAX_KEY_WEIGHT`; 1 when missing): a
   * key of weight 2 gets twice the turns of a key of weight 1 while both have tasks queued. The labourer
   * config's `key_weights`.
   */
  keyWeights?: Readonly<Record<string, number>> | undefined;
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
 * Tasks with a priority go in their priority's band, in front of every task of a lower one; tasks with a
 * concurrency key share the band's turns fairly with the other keys (`placeTasks`, `fair-share.ts`).
 * That costs, per band with a key in it, one more query, two `BatchGetItem` (the flows' rows in
 * `sosw_dispatch`, the tasks they name) and one conditional `UpdateItem` per key of the batch, written
 * after the tasks (`recordFlows`). Without keys nor priorities, nothing changes.
 *
 * Each task is written with its meta row in a transaction (25 tasks per `TransactWriteItems`), on
 * condition that its id is in none of the task tables (`creationActions`). So creation is idempotent for
 * given ids, even between two callers at once or when a request lands twice: an id that exists is
 * skipped and left as it is, and a task never exists without its `created` row. When some tasks could
 * not be written (DynamoDB kept refusing them), `CreateTasksIncompleteError` says which, after the others
 * were written: call again with the same ids.
 *
 * @throws InvalidTaskError before anything is read or written, when a task id, payload, concurrency key
 * or priority, or a key weight, cannot be used
 * @throws CreateTasksIncompleteError when some tasks were not written; the ones written stay
 */
export async function createTasks(
  ctx: TaskManagerContext,
  labourerId: string,
  inputs: readonly NewTask[],
  options: CreateTasksOptions = {},
): Promise<CreateTasksResult> {
  if (labourerId === '') throw new InvalidTaskError('createTasks: labourerId is empty');
  const prepared = inputs.map((input, index) => {
    if (input.task_id !== undefined && (typeof input.task_id !== 'string' || input.task_id === '')) {
      throw new InvalidTaskError(`tasks[${index}].task_id must be a non-empty string`);
    }
    return {
      task_id: input.task_id ?? randomUUID(),
      payload: payloadString(input.payload, `tasks[${index}]`),
      concurrency_key: concurrencyKeyOf(input.concurrency_key, index),
      priority: priorityOf(input.priority, index),
    };
  });
  checkWeights(options.keyWeights);
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
  const placement = await placeTasks(ctx, { id: labourerId }, unique, createdAt, options.keyWeights);
  const rows = unique.map((task, index): TaskRow => ({
    task_id: task.task_id,
    labourer_id: labourerId,
    created_at: createdAt,
    greenfield: placement.greenfields[index] as number,
    attempts: 0,
    payload: task.payload,
    // New attributes only when given: a task without them is written exactly as before (and as Python's).
    ...(task.concurrency_key !== undefined && { concurrency_key: task.concurrency_key }),
    ...(task.priority > 0 && { priority: task.priority }),
  }));
  const result = await runTransition(
    ctx,
    rows.map((row) => creationActions(ctx, row)),
    'create',
  );
  const done = new Set(result.done);
  const created = rows.filter((row) => done.has(row.task_id));
  await recordFlows(ctx, labourerId, placement, created);
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

function concurrencyKeyOf(key: unknown, index: number): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key === '' || key.length > MAX_CONCURRENCY_KEY_LENGTH) {
    throw new InvalidTaskError(
      `tasks[${index}].concurrency_key must be a string of 1 to ${MAX_CONCURRENCY_KEY_LENGTH} characters, got ${JSON.stringify(key)}`,
    );
  }
  return key;
}

function priorityOf(priority: unknown, index: number): number {
  if (priority === undefined) return 0;
  if (
    typeof priority !== 'number' ||
    !Number.isInteger(priority) ||
    priority < 0 ||
    priority > MAX_PRIORITY
  ) {
    throw new InvalidTaskError(
      `tasks[${index}].priority must be a whole number from 0 to ${MAX_PRIORITY}, got ${JSON.stringify(priority)}`,
    );
  }
  return priority;
}

function checkWeights(weights: Readonly<Record<string, number>> | undefined): void {
  for (const [key, weight] of Object.entries(weights ?? {})) {
    if (typeof weight !== 'number' || !(weight > 0 && weight <= MAX_KEY_WEIGHT)) {
      throw new InvalidTaskError(
        `keyWeights.${key} must be a number above 0 and at most ${MAX_KEY_WEIGHT}, got ${JSON.stringify(weight)}`,
      );
    }
  }
}
