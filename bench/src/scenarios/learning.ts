import { DynamoClient } from '@sosw/dynamo-client';
import { leaseScope, TaskManager, type LeaseRow, type TaskTables } from '@sosw/task-manager';
import { median } from '../measure.js';
import type { Figure } from '../report.js';
import { startRig, type WorkerEvent } from './rig.js';

/** The labourer of the learning line. */
export const LEARNING_LABOURER = 'bench_learning';

/** What the downstream takes at once: more, and a worker meets throttling. The dispatcher is not told. */
const HIDDEN = 12;
/** The labourer's cap: far above what the downstream takes. */
const CAP = 40;
/** How long one task's worker runs when the downstream takes it. */
const WORK_MS = 500;
/** How often the lease row's effective budget is read. */
const SAMPLE_MS = 250;

/**
 * A budget that learns (issue 22): `count` tasks of `WORK_MS` at a cap of `CAP`, against a downstream
 * that takes `HIDDEN` at once. A worker that starts while `HIDDEN` others run meets throttling: it throws
 * `ThrottledError` (here: reports `mark_task_as_throttled` to the real worker-assistant, as the worker SDK
 * does), and its task goes back to the queue with its attempt given back. One orchestrator run dispatches
 * it all. Measured:
 * - the effective budget the dispatcher settles at (its lease row's `state.effective_budget`, sampled; the
 *   median over the second half of the run), beside `HIDDEN` (goal within 20%);
 * - the share of invocations throttled, over the run and after the first cut (goal <= 5%);
 * - the makespan beside the ideal `count × WORK_MS / HIDDEN`.
 */
export async function measureLearning({
  count,
  tables,
}: {
  count: number;
  tables: TaskTables;
}): Promise<Figure[]> {
  let inFlight = 0;
  const invocations: { atMs: number; throttled: boolean }[] = [];
  let completed = 0;
  const rig = await startRig(
    {
      labourers: {
        [LEARNING_LABOURER]: {
          arn: LEARNING_LABOURER,
          max_simultaneous_invocations: CAP,
          duration: 60,
          cooldown: 0,
        },
      },
    },
    {
      [LEARNING_LABOURER]: async (task: WorkerEvent) => {
        inFlight += 1;
        try {
          if (inFlight > HIDDEN) {
            invocations.push({ atMs: performance.now(), throttled: true });
            await rig.report('mark_task_as_throttled', task, { reason: 'the downstream answered 429' });
            return;
          }
          invocations.push({ atMs: performance.now(), throttled: false });
          await new Promise((resolve) => setTimeout(resolve, WORK_MS));
        } finally {
          inFlight -= 1;
        }
        await rig.report('mark_task_as_completed', task);
        completed += 1;
      },
    },
    tables,
  );
  const db = new DynamoClient();
  const budgets: { atMs: number; budget: number }[] = [];
  const sampling = { stopped: false };
  try {
    await new TaskManager({ db, tables }).createTasks(
      LEARNING_LABOURER,
      Array.from({ length: count }, (_, n) => ({ task_id: `learning-${String(n)}`, payload: { n } })),
    );
    const started = performance.now();
    const sampler = (async () => {
      while (!sampling.stopped) {
        const row = await db.get<LeaseRow>(
          tables.dispatch,
          { scope: leaseScope(LEARNING_LABOURER) },
          { consistent: true },
        );
        const budget = row?.state?.effective_budget;
        if (budget !== undefined) budgets.push({ atMs: performance.now(), budget });
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      }
    })();
    const summary = await rig.orchestrator.run({ remainingMs: 15 * 60_000 });
    await rig.lambda.idle();
    const ended = performance.now();
    sampling.stopped = true;
    await sampler;
    if (completed !== count) {
      throw new Error(
        `learning line: ${String(completed)} of ${String(count)} completed (${JSON.stringify(summary)})`,
      );
    }
    const makespanMs = ended - started;
    const secondHalf = budgets
      .filter((sample) => sample.atMs >= started + makespanMs / 2)
      .map((s) => s.budget);
    const settled = median(secondHalf.length > 0 ? secondHalf : budgets.map((s) => s.budget));
    const throttled = invocations.filter((call) => call.throttled).length;
    const firstCutAt = invocations.find((call) => call.throttled)?.atMs ?? started;
    // After the first round of throttles: what learning costs once it has learned.
    const steady = invocations.filter((call) => call.atMs >= firstCutAt + 5 * WORK_MS);
    const steadyThrottled = steady.filter((call) => call.throttled).length;
    const idealMs = (count * WORK_MS) / HIDDEN;
    const line = (metric: string, value: number, unit: string): Figure => ({
      scenario: 'learning',
      metric,
      value,
      unit,
    });
    return [
      line(
        `effective budget settled at (median, second half), downstream takes ${HIDDEN}, cap ${CAP} (goal within 20%)`,
        settled,
        `tasks (${(settled / HIDDEN).toFixed(2)} x what the downstream takes)`,
      ),
      line(
        'invocations throttled, whole run',
        (throttled / invocations.length) * 100,
        `% (${throttled} of ${invocations.length})`,
      ),
      line(
        'invocations throttled after the first round of cuts (goal <= 5%)',
        (steadyThrottled / Math.max(steady.length, 1)) * 100,
        `% (${steadyThrottled} of ${steady.length})`,
      ),
      line(
        `makespan: ${count.toLocaleString('en-US')} tasks of ${WORK_MS} ms (ideal at ${HIDDEN} at once ${(idealMs / 1000).toFixed(0)} s)`,
        makespanMs / 1000,
        `s (${(makespanMs / idealMs).toFixed(3)} x ideal)`,
      ),
    ];
  } finally {
    sampling.stopped = true;
    await rig.stop();
  }
}
