import type { TaskManager, TaskRow } from '@sosw/task-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reportingWorker,
  rowsOf,
  startLocalSystem,
  startOrchestrator,
  type LocalSystem,
} from './helpers/system.js';

/**
 * Continuous dispatch through the real handlers: the orchestrator behind the local Lambda endpoint,
 * started as the infra's schedule starts it (an asynchronous invoke, the infra's 900 s timeout), workers
 * that take 1 s and report their completion to the real worker-assistant. A labourer with a cap of 10 and
 * 300 tasks needs 30 s at full use of its cap. A sampler must never see more than 10 running, and must see
 * the cap kept nearly full while tasks are queued, between scheduled runs: one run does it all.
 */

const CAP = 10;
const TASKS = 300;
const WORK_MS = 1_000;
const DURATION = 60;
const COOLDOWN = 0;

const worker = reportingWorker(WORK_MS);

/** How many tasks of a labourer are queued and running now: two counting queries of the greenfield index. */
async function countsNow(taskManager: TaskManager, labourerId: string) {
  const labourer = { id: labourerId, duration: DURATION, cooldown: COOLDOWN };
  const window = taskManager.window(labourer);
  const [queued, running] = await Promise.all([
    taskManager.queueLength(labourer, window),
    taskManager.countRunning(labourer, window),
  ]);
  return { queued, running };
}

/**
 * Samples the labourer's running tasks every 100 ms until stopped (cheap queries, not scans, so the
 * sampling does not slow what it measures): the largest count seen, and the mean count while tasks were
 * queued (how full the cap was kept while there was work for it).
 */
function sampler(taskManager: TaskManager, labourerId: string) {
  const seen: { queued: number; running: number }[] = [];
  const state = { stopped: false };
  const loop = (async () => {
    while (!state.stopped) {
      seen.push(await countsNow(taskManager, labourerId));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      state.stopped = true;
      await loop;
      const whileQueued = seen.filter((sample) => sample.queued > 0);
      return {
        max: Math.max(...seen.map((sample) => sample.running)),
        samples: seen.length,
        meanWhileQueued:
          whileQueued.reduce((sum, sample) => sum + sample.running, 0) / Math.max(whileQueued.length, 1),
      };
    },
  };
}

describe('continuous dispatch, through the real handlers', () => {
  let system: LocalSystem;

  beforeAll(async () => {
    system = await startLocalSystem(
      {
        e2e_steady: {
          arn: 'e2e_steady',
          max_simultaneous_invocations: CAP,
          duration: DURATION,
          cooldown: COOLDOWN,
        },
        e2e_request: {
          arn: 'e2e_request',
          max_simultaneous_invocations: CAP,
          duration: DURATION,
          cooldown: COOLDOWN,
        },
      },
      { e2e_steady: worker, e2e_request: worker },
      { orchestratorTimeoutSeconds: 900 },
    );
  }, 120_000);

  afterAll(async () => {
    await system.stop();
  });

  it('refills the cap between scheduled runs, never above it: 300 tasks of 1 s at a cap of 10, started by one scheduled run', async () => {
    await system.taskManager.createTasks(
      'e2e_steady',
      Array.from({ length: TASKS }, (_, n) => ({ payload: { n } })),
    );
    const watch = sampler(system.taskManager, 'e2e_steady');
    const startedAt = Date.now();
    // The schedule rule's event: one run, which holds the lease and refills until the queue is empty.
    await startOrchestrator({ source: 'aws.events', 'detail-type': 'Scheduled Event' });

    let done = 0;
    while (Date.now() - startedAt < 150_000) {
      const tasks = await rowsOf(system.tables.names.tasks);
      done = tasks.filter(
        (task) => task.labourer_id === 'e2e_steady' && task.completed_at !== undefined,
      ).length;
      if (done === TASKS) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const elapsedMs = Date.now() - startedAt;
    const { max, samples, meanWhileQueued } = await watch.stop();
    // A figure, not a target (targets live in `pnpm bench`'s dispatch line): the issue asks for one
    // scheduled minute, 60 s, and the ideal is 30 s; a loaded CI machine may take longer.
    process.stdout.write(
      `[e2e] continuous dispatch: ${TASKS} tasks of ${WORK_MS} ms at cap ${CAP} in ${(elapsedMs / 1000).toFixed(1)} s ` +
        `(ideal ${(TASKS * WORK_MS) / CAP / 1000} s, one scheduled period 60 s); running: at most ${max}, ` +
        `${meanWhileQueued.toFixed(1)} on average while tasks were queued, in ${samples} samples\n`,
    );

    expect(done).toBe(TASKS);
    expect(max).toBeLessThanOrEqual(CAP);
    expect(max).toBe(CAP); // the cap was used, not merely respected
    // Refilled between scheduled runs: sosw's once-a-minute pass would average about 1/60 of the cap while
    // tasks are queued here. How full it is kept is a figure of the bench's dispatch line (91% of the cap);
    // on a CI machine running the chaos suite beside this test it was 57%, so the bound is loose.
    expect(meanWhileQueued).toBeGreaterThan(0.25 * CAP);
    const invocations = system.lambda.invocations.filter((call) => call.name === 'e2e_steady');
    expect(new Set(invocations.map((call) => (call.payload as TaskRow).task_id)).size).toBe(TASKS);
    expect(invocations).toHaveLength(TASKS);
  }, 200_000);

  it('a dispatch request (what the scheduler sends after creating tasks) starts them within 2 s, with no scheduled run', async () => {
    await system.lambda.idle();
    const { created } = await system.taskManager.createTasks(
      'e2e_request',
      Array.from({ length: 5 }, (_, n) => ({ payload: { n } })),
    );
    const createdAt = Date.now();
    expect(await system.taskManager.requestDispatch(['e2e_request'], 'tasks_created')).toBe(true);

    let firstInvokeAt: number | undefined;
    while (firstInvokeAt === undefined && Date.now() - createdAt < 10_000) {
      const first = system.lambda.invocations.find((call) => call.name === 'e2e_request');
      if (first !== undefined) firstInvokeAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(firstInvokeAt).toBeDefined();
    expect(firstInvokeAt! - createdAt).toBeLessThan(2_000);
    expect(created).toHaveLength(5);
  }, 60_000);
});
