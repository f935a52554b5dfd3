import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRow } from '@sosw/task-manager';
import { rowsOf, startLocalSystem, type LocalSystem } from './helpers/system.js';

/**
 * Four orchestrator runs at once over 200 queued tasks, with a budget above 200: the claim's condition
 * is the one guard, and it must let exactly 200 invocations through.
 */
describe('four orchestrators at once', () => {
  let system: LocalSystem;

  beforeAll(async () => {
    system = await startLocalSystem(
      { e2e_burst: { arn: 'e2e_burst', max_simultaneous_invocations: 300, duration: 600, max_attempts: 3 } },
      // A worker that never reports: its tasks stay running, so no run can invoke them again.
      { e2e_burst: { handler: () => undefined, concurrency: 50 } },
    );
    await system.taskManager.createTasks(
      'e2e_burst',
      Array.from({ length: 200 }, (_, n) => ({ payload: { n } })),
    );
    await Promise.all([
      system.orchestrate(),
      system.orchestrate(),
      system.orchestrate(),
      system.orchestrate(),
    ]);
    await system.lambda.idle();
  }, 120_000);

  afterAll(async () => {
    await system.stop();
  });

  it('invokes each of the 200 tasks exactly once', () => {
    const invocations = system.lambda.invocations.filter((call) => call.name === 'e2e_burst');
    expect(invocations).toHaveLength(200);
    expect(new Set(invocations.map((call) => (call.payload as TaskRow).task_id)).size).toBe(200);
  });

  it('leaves every task claimed once: attempts 1', async () => {
    const tasks = await rowsOf(system.tables.names.tasks);
    expect(tasks).toHaveLength(200);
    expect(tasks.every((task) => task.attempts === 1)).toBe(true);
  });
});
