import type { TaskManager } from '@sosw/task-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  reportingWorker,
  rowsOf,
  startLocalSystem,
  startOrchestrator,
  type LocalSystem,
} from './helpers/system.js';

/**
 * A shared resource through the real handlers: the orchestrator behind the local Lambda endpoint, started
 * as the schedule starts it, workers that work and report to the real worker-assistant.
 */

const DURATION = 60;
const COOLDOWN = 0;
const WORK_MS = 300;

const worker = reportingWorker(WORK_MS);

async function runningNow(taskManager: TaskManager, labourerId: string): Promise<number> {
  const labourer = { id: labourerId, duration: DURATION, cooldown: COOLDOWN };
  return taskManager.countRunning(labourer, taskManager.window(labourer));
}

async function completedOf(tasksTable: string, labourerId: string): Promise<number> {
  const tasks = await rowsOf(tasksTable);
  return tasks.filter((task) => task.labourer_id === labourerId && task.completed_at !== undefined).length;
}

describe('a resource shared by two labourers, through the real handlers', () => {
  const RESOURCE = 4;
  let system: LocalSystem;

  beforeAll(async () => {
    const labourer = (id: string) => ({
      arn: id,
      max_simultaneous_invocations: RESOURCE,
      duration: DURATION,
      cooldown: COOLDOWN,
      resources: ['e2e_db'],
    });
    system = await startLocalSystem(
      { e2e_left: labourer('e2e_left'), e2e_right: labourer('e2e_right') },
      { e2e_left: worker, e2e_right: worker },
      { orchestratorTimeoutSeconds: 900, resources: { e2e_db: { max_simultaneous: RESOURCE } } },
    );
  }, 120_000);

  afterAll(async () => {
    await system.stop();
  });

  it('holds its budget across both labourers, and both progress', async () => {
    for (const id of ['e2e_left', 'e2e_right']) {
      await system.taskManager.createTasks(
        id,
        Array.from({ length: 24 }, (_, n) => ({ payload: { n } })),
      );
    }
    let maxOnResource = 0;
    const state = { stopped: false };
    const sampling = (async () => {
      while (!state.stopped) {
        const running =
          (await runningNow(system.taskManager, 'e2e_left')) +
          (await runningNow(system.taskManager, 'e2e_right'));
        maxOnResource = Math.max(maxOnResource, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    // Two scheduled runs at once, as a schedule event delivered twice makes them.
    await Promise.all([startOrchestrator(), startOrchestrator()]);

    const startedAt = Date.now();
    let done = 0;
    while (Date.now() - startedAt < 90_000) {
      done =
        (await completedOf(system.tables.names.tasks, 'e2e_left')) +
        (await completedOf(system.tables.names.tasks, 'e2e_right'));
      if (done === 48) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    state.stopped = true;
    await sampling;

    expect(done).toBe(48);
    expect(maxOnResource).toBeLessThanOrEqual(RESOURCE);
    expect(maxOnResource).toBe(RESOURCE);
  }, 120_000);
});
