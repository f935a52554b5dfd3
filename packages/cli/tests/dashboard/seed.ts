import { ESSENTIAL_CONFIG_NAME, saveConfig } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { closedStatusKey, TaskManager, type ClosedTaskRow, type TaskRow } from '@sosw/task-manager';
import type { TestTables } from '@sosw/testing';

/** The two labourers of the seeded deployment. */
export const ALPHA = { id: 'alpha', duration: 60, cooldown: 300 };
export const BETA = { id: 'beta', duration: 60, cooldown: 300 };

/** What the seeded tables hold, as the labourer table should show it. */
export const EXPECTED_FIGURES = {
  alpha: { queued: 3, running: 2, expired: 1, completed: 1, retrying: 1, closedOk: 4, dead: 2 },
  beta: { queued: 2, running: 0, expired: 0, completed: 0, retrying: 0, closedOk: 0, dead: 0 },
} as const;

/** Closed rows written with a chosen `closed_at` (seconds before now), for the throughput chart. */
export const CLOSED_AGO = {
  completed: [120, 120, 3_700, 5 * 3_600, 30 * 3_600],
  dead: [600, 26 * 3_600],
} as const;

/** What `seed` wrote that the tests need to know. */
export interface Seeded {
  taskManager: TaskManager;
  db: DynamoClient;
  /** The task buried through the task manager (so it has a meta timeline), and its `closed_at`. */
  buriedTask: { id: string; closedAt: number };
  /** The task completed and not yet archived. */
  completedTask: string;
  /** `closed_at` of every `alpha` closed row, by status. */
  closedAt: { completed: number[]; dead: number[] };
}

function closedRow(id: string, status: 'completed' | 'dead', closedAt: number): ClosedTaskRow {
  return {
    task_id: id,
    labourer_id: ALPHA.id,
    created_at: closedAt - 60,
    greenfield: 1_000,
    attempts: status === 'dead' ? 3 : 1,
    payload: JSON.stringify({ seeded: id }),
    labourer_id_task_status: closedStatusKey(ALPHA.id, status),
    closed_at: closedAt,
    ...(status === 'completed' ? { completed_at: closedAt - 1 } : {}),
  };
}

/**
 * A deployment of two labourers with `alpha`'s tasks in every state, through the task manager where it
 * can (so meta rows exist), and closed rows written directly where the time of closing matters:
 *
 * | alpha | queued 3, running 2, expired 1, awaiting archive 1, retrying 1, closed ok 4 and buried 2 in 24 h |
 * | beta  | queued 2 |
 */
export async function seed(tables: TestTables): Promise<Seeded> {
  const db = new DynamoClient();
  const taskManager = new TaskManager({ db, tables: { ...tables.names }, author: 'seed' });
  await saveConfig(
    ESSENTIAL_CONFIG_NAME,
    {
      task_config: {
        labourers: {
          [ALPHA.id]: { arn: ALPHA.id, duration: ALPHA.duration, max_simultaneous_invocations: 4 },
          [BETA.id]: { arn: BETA.id, duration: BETA.duration, max_simultaneous_invocations: 2 },
        },
      },
    },
    { tableName: tables.names.config },
  );

  await taskManager.createTasks(
    ALPHA.id,
    Array.from({ length: 8 }, (_, i) => ({ task_id: `a${i}`, payload: { n: i } })),
  );
  await taskManager.createTasks(BETA.id, [
    { task_id: 'b0', payload: {} },
    { task_id: 'b1', payload: {} },
  ]);

  const queued = await taskManager.nextTasks(ALPHA, taskManager.window(ALPHA), 8);
  const [t0, t1, t2, t3, t4] = queued as [TaskRow, TaskRow, TaskRow, TaskRow, TaskRow];
  // Three claimed (running), one of which completes: running 2, awaiting archive 1.
  for (const task of [t0, t1, t2]) await taskManager.claim(ALPHA, task, taskManager.window(ALPHA));
  await taskManager.markCompleted(t2.task_id);
  // One buried now, one sent to retry: queued 8 - 3 - 1 - 1 = 3.
  await taskManager.bury(t3, 'seeded');
  await taskManager.moveToRetry(t4, 600);
  // Expired: invoked long enough ago that `start <= greenfield <= expired`.
  const start = taskManager.window(ALPHA).start;
  await db.put(tables.names.tasks, {
    task_id: 'a-expired',
    labourer_id: ALPHA.id,
    created_at: start - 3_600,
    greenfield: start + 100,
    attempts: 1,
    payload: '{}',
  });

  const now = taskManager.now();
  const rows = [
    ...CLOSED_AGO.completed.map((ago, i) => closedRow(`done-${i}`, 'completed', now - ago)),
    ...CLOSED_AGO.dead.map((ago, i) => closedRow(`dead-${i}`, 'dead', now - ago)),
  ];
  await db.batchPut(tables.names.closed, rows);

  const buried = await taskManager.getTask(t3.task_id);
  const buriedAt = buried.closed?.closed_at ?? Number.NaN;
  return {
    taskManager,
    db,
    buriedTask: { id: t3.task_id, closedAt: buriedAt },
    completedTask: t2.task_id,
    closedAt: {
      completed: rows.filter((r) => r.labourer_id_task_status.endsWith('_1')).map((r) => r.closed_at),
      dead: [
        buriedAt,
        ...rows.filter((r) => r.labourer_id_task_status.endsWith('_0')).map((r) => r.closed_at),
      ],
    },
  };
}
