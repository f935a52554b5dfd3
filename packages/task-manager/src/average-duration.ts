import { INDEXES } from '@sosw/tables';
import type { TaskManagerContext } from './context.js';
import { INVOKED_OFFSET_SECONDS } from './greenfield.js';
import type { Labourer } from './labourer.js';
import { closedStatusKey } from './queue.js';

/** What the closed-tasks index holds of a task (its projection): enough to tell how long it ran. */
export interface ClosedTaskTimes {
  closed_at: number;
  completed_at?: number | undefined;
  greenfield?: number | undefined;
  attempts?: number | undefined;
}

/** Closed tasks `averageDuration` looks at, unless told otherwise. */
export const DEFAULT_DURATION_SAMPLE = 100;

/**
 * The average seconds an invocation of a labourer took, over closed tasks. A completed task ran from its
 * claim (`greenfield - INVOKED_OFFSET_SECONDS`) to `completed_at`: one invocation. A dead task's attempts
 * each ran until they expired: `duration` per attempt. `undefined` when there is nothing to average.
 *
 * @example
 * averageDurationOf([{ closed_at: 9, completed_at: 160, greenfield: 100 + INVOKED_OFFSET_SECONDS }], [], 900); // 60
 * averageDurationOf([], [{ closed_at: 9, attempts: 3 }], 900); // 900
 */
export function averageDurationOf(
  completed: readonly ClosedTaskTimes[],
  dead: readonly ClosedTaskTimes[],
  duration: number,
): number | undefined {
  let total = 0;
  let invocations = 0;
  for (const task of completed) {
    if (task.completed_at === undefined || task.greenfield === undefined) continue;
    // A clock a little off between the orchestrator and the worker-assistant must not make it negative.
    total += Math.max(0, task.completed_at - (task.greenfield - INVOKED_OFFSET_SECONDS));
    invocations += 1;
  }
  for (const task of dead) {
    const attempts = Math.max(1, task.attempts ?? 1);
    total += duration * attempts;
    invocations += attempts;
  }
  return invocations === 0 ? undefined : total / invocations;
}

/**
 * A labourer's average invocation duration from its newest `sample` closed tasks (completed and dead
 * together, newest by `closed_at` first), read from the closed-tasks index: two queries.
 */
export async function averageDuration(
  ctx: TaskManagerContext,
  labourer: Pick<Labourer, 'id' | 'duration'>,
  { sample = DEFAULT_DURATION_SAMPLE }: { sample?: number } = {},
): Promise<number | undefined> {
  const newest = (status: 'completed' | 'dead') =>
    ctx.db.query<ClosedTaskTimes>(ctx.tables.closed, {
      index: INDEXES.closedByStatus,
      partitionKey: { name: 'labourer_id_task_status', value: closedStatusKey(labourer.id, status) },
      descending: true,
      limit: sample,
    });
  const [completed, dead] = await Promise.all([newest('completed'), newest('dead')]);
  const cutoff = [...completed, ...dead]
    .map((task) => task.closed_at)
    .sort((a, b) => b - a)
    .at(sample - 1);
  const recent = (tasks: ClosedTaskTimes[]) =>
    cutoff === undefined ? tasks : tasks.filter((task) => task.closed_at >= cutoff);
  return averageDurationOf(recent(completed), recent(dead), labourer.duration);
}
