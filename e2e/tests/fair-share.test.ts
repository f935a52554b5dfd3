import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reportingWorker,
  rowsOf,
  startLocalSystem,
  startOrchestrator,
  type LocalSystem,
} from './helpers/system.js';

/**
 * Fair share through the real handlers (one system per test file: the handlers keep the tables they were
 * built with): a labourer's tasks keyed by tenant, the orchestrator started as the schedule starts it,
 * workers that work 300 ms and report to the real worker-assistant.
 */

const DURATION = 60;
const COOLDOWN = 0;
const WORK_MS = 300;

const worker = reportingWorker(WORK_MS);

describe('two tenants of one labourer, through the real handlers', () => {
  const CAP = 4;
  let system: LocalSystem;

  beforeAll(async () => {
    system = await startLocalSystem(
      {
        e2e_tenants: {
          arn: 'e2e_tenants',
          max_simultaneous_invocations: CAP,
          duration: DURATION,
          cooldown: COOLDOWN,
        },
      },
      { e2e_tenants: worker },
      { orchestratorTimeoutSeconds: 900 },
    );
  }, 120_000);

  afterAll(async () => {
    await system.stop();
  });

  it('a late tenant progresses beside a backlogged one: its tasks start long before the backlog is done', async () => {
    const backlog = 60;
    await system.taskManager.createTasks(
      'e2e_tenants',
      Array.from({ length: backlog }, (_, n) => ({ payload: { n }, concurrency_key: 'backlogged' })),
    );
    await startOrchestrator();
    // A's backlog is being worked on when B arrives, as the scheduler would create it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const { created } = await system.taskManager.createTasks(
      'e2e_tenants',
      Array.from({ length: 6 }, (_, n) => ({ payload: { n }, concurrency_key: 'late' })),
    );
    const late = new Set(created.map((task) => task.task_id));

    const startedAt = Date.now();
    let lateDone = 0;
    let backlogDoneWhenLateDone = 0;
    while (Date.now() - startedAt < 60_000) {
      const tasks = await rowsOf(system.tables.names.tasks);
      const done = tasks.filter(
        (task) => task.labourer_id === 'e2e_tenants' && task.completed_at !== undefined,
      );
      lateDone = done.filter((task) => late.has(task.task_id)).length;
      if (lateDone === late.size) {
        backlogDoneWhenLateDone = done.length - lateDone;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect(lateDone).toBe(6);
    // In one FIFO queue B would wait for all 60 of A (15 rounds of 300 ms at a cap of 4); shared fairly, B's
    // 6 tasks take about 3 rounds, while A goes on with the other half of the cap.
    expect(backlogDoneWhenLateDone).toBeLessThan(backlog / 2);
    expect(backlogDoneWhenLateDone).toBeGreaterThan(0);
    await system.lambda.idle();
  }, 120_000);
});
