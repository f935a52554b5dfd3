import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClosedTaskRow } from '@sosw/task-manager';
import { reportAsync, rowsOf, runUntil, startLocalSystem, type LocalSystem } from './helpers/system.js';

/**
 * An orchestrator that dies between its claim and its invoke leaves a task "invoked" that no worker runs.
 * Nothing may be lost: the task expires, the scavenger retries it, and it completes on its second attempt.
 */

interface WorkerEvent {
  task_id: string;
  labourer_id: string;
  attempts: number;
}

describe('a crash between claim and invoke', () => {
  let system: LocalSystem;
  let taskId: string;

  beforeAll(async () => {
    system = await startLocalSystem(
      {
        e2e_crash: {
          arn: 'e2e_crash',
          max_simultaneous_invocations: 10,
          duration: 1,
          cooldown: 0,
          max_attempts: 3,
        },
      },
      {
        e2e_crash: {
          handler: async (event: unknown) => {
            const task = event as WorkerEvent;
            await reportAsync({
              action: 'mark_task_as_completed',
              task_id: task.task_id,
              labourer_id: task.labourer_id,
            });
          },
        },
      },
    );
    const { created } = await system.taskManager.createTasks('e2e_crash', [{ payload: { n: 1 } }]);
    taskId = created[0]!.task_id;

    // The dying orchestrator: its claim lands, its invoke never happens.
    const labourer = { id: 'e2e_crash', duration: 1, cooldown: 0 };
    const [queued] = await system.taskManager.nextTasks(labourer, system.taskManager.window(labourer), 1);
    expect(
      await system.taskManager.claim(labourer, queued!, system.taskManager.window(labourer)),
    ).toBeDefined();

    await runUntil(system, async () => (await rowsOf(system.tables.names.closed)).length === 1);
  }, 120_000);

  afterAll(async () => {
    await system.stop();
  });

  it('expires the orphaned claim, retries it, and completes it on the second attempt', async () => {
    const [closed] = await rowsOf<ClosedTaskRow>(system.tables.names.closed);
    expect(closed).toMatchObject({ task_id: taskId, labourer_id_task_status: 'e2e_crash_1', attempts: 2 });
    const invocations = system.lambda.invocations.filter((call) => call.name === 'e2e_crash');
    expect(invocations.map((call) => (call.payload as WorkerEvent).attempts)).toEqual([2]);
  });

  it('keeps the story in meta: the orphaned claim shows as a retry', async () => {
    const { meta } = await system.taskManager.getTask(taskId);
    expect(meta.map((row) => row.action)).toEqual([
      'created',
      'scheduled_for_retry',
      'ready_for_retry',
      'invoked',
      'marked_as_completed',
      'archived',
    ]);
  });
});
