import { DynamoClient } from '@sosw/dynamo-client';
import { TaskManager, type TaskTables } from '@sosw/task-manager';
import type { Figure } from '../report.js';
import { quantile, startRig, type WorkerEvent } from './rig.js';

/** The labourer of the fairness line. */
export const FAIRNESS_LABOURER = 'bench_fairness';

const CAP = 20;
const WORK_MS = 200;
/** Tenant B's tasks, created once A's backlog is being dispatched. */
const LATE_TASKS = 100;
/** How long after the dispatch starts tenant B's tasks are created. */
const LATE_AFTER_MS = 2_000;

/**
 * Jain's fairness index of some throughputs: 1 when all are equal, 1/n when one has everything.
 *
 * @example
 * jainIndex([10, 10]); // 1
 * jainIndex([20, 0]); // 0.5
 */
export function jainIndex(throughputs: readonly number[]): number {
  const sum = throughputs.reduce((a, b) => a + b, 0);
  const squares = throughputs.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (throughputs.length * squares);
}

/**
 * Fair share (issue 22): tenant A's `count` tasks are queued (`concurrency_key: 'a'`), one orchestrator
 * run dispatches them at a cap of `CAP`, and `LATE_AFTER_MS` on tenant B creates `LATE_TASKS`
 * (`concurrency_key: 'b'`). Measured: B's wait from creation to invoke (p50, p95), and Jain's index of
 * the two tenants' throughput while both had work (from B's creation to B's last invoke; goal >= 0.95).
 */
export async function measureFairness({
  count,
  tables,
}: {
  count: number;
  tables: TaskTables;
}): Promise<Figure[]> {
  const invoked: { tenant: string; atMs: number; taskId: string }[] = [];
  const rig = await startRig(
    {
      labourers: {
        [FAIRNESS_LABOURER]: {
          arn: FAIRNESS_LABOURER,
          max_simultaneous_invocations: CAP,
          duration: 60,
          cooldown: 0,
        },
      },
    },
    {
      [FAIRNESS_LABOURER]: async (task: WorkerEvent) => {
        invoked.push({ tenant: String(task.tenant), atMs: performance.now(), taskId: task.task_id });
        await new Promise((resolve) => setTimeout(resolve, WORK_MS));
        await rig.report('mark_task_as_completed', task);
      },
    },
    tables,
  );
  const taskManager = new TaskManager({ db: new DynamoClient(), tables });
  const create = (tenant: string, n: number) =>
    taskManager.createTasks(
      FAIRNESS_LABOURER,
      Array.from({ length: n }, (_, i) => ({
        task_id: `fair-${tenant}-${String(i)}`,
        payload: { tenant, i },
        concurrency_key: tenant,
      })),
    );
  try {
    for (let done = 0; done < count; done += 500) await create('a', Math.min(500, count - done));
    const run = rig.orchestrator.run({ remainingMs: 15 * 60_000 });
    await new Promise((resolve) => setTimeout(resolve, LATE_AFTER_MS));
    const lateAt = performance.now();
    await create('b', LATE_TASKS);
    const lateCreated = performance.now();
    await run;
    await rig.lambda.idle();
    const late = invoked.filter((call) => call.tenant === 'b');
    if (late.length !== LATE_TASKS)
      throw new Error(`fairness line: ${String(late.length)} of B's tasks invoked`);
    // Each of B's tasks waited from the end of its creation call (an upper bound of its own creation).
    const waits = late.map((call) => call.atMs - lateCreated).map((ms) => Math.max(0, ms));
    const lastLate = Math.max(...late.map((call) => call.atMs));
    const both = invoked.filter((call) => call.atMs >= lateAt && call.atMs <= lastLate);
    const spanSeconds = Math.max((lastLate - lateAt) / 1000, 1e-3);
    const [a = 0, b = 0] = ['a', 'b'].map(
      (tenant) => both.filter((call) => call.tenant === tenant).length / spanSeconds,
    );
    const line = (metric: string, value: number, unit: string): Figure => ({
      scenario: 'fairness',
      metric,
      value,
      unit,
    });
    return [
      line(
        `tenant B (${LATE_TASKS} tasks, created ${LATE_AFTER_MS / 1000} s into A's ${count.toLocaleString('en-US')}): wait to invoke, p50`,
        quantile(waits, 0.5),
        'ms',
      ),
      line('tenant B: wait to invoke, p95', quantile(waits, 0.95), 'ms'),
      line(
        `Jain's index of A's and B's throughput while both had work (goal >= 0.95)`,
        jainIndex([a, b]),
        `(A ${a.toFixed(1)}/s, B ${b.toFixed(1)}/s at a cap of ${CAP} x ${WORK_MS} ms)`,
      ),
      line(
        `B's first task behind A's backlog in one FIFO queue (A's tasks left x ${WORK_MS} ms / ${CAP}, computed)`,
        ((count - invoked.filter((call) => call.tenant === 'a' && call.atMs < lateAt).length) * WORK_MS) /
          CAP,
        'ms',
      ),
    ];
  } finally {
    await rig.stop();
  }
}
