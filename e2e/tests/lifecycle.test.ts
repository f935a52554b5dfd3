import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClosedTaskRow, MetaRow } from '@sosw/task-manager';
import { reportAsync, rowsOf, runUntil, startLocalSystem, type LocalSystem } from './helpers/system.js';

/**
 * A task's whole life through the real essentials: created, invoked by the orchestrator through the Lambda
 * API, reported by its worker to the worker-assistant, archived (or retried and buried) by the scavenger.
 */

interface WorkerEvent {
  task_id: string;
  labourer_id: string;
  attempts: number;
  account?: number;
}

// Short durations, so an unanswered or failed task expires within a second or two of real time.
const labourers = {
  e2e_echo: { arn: 'e2e_echo', max_simultaneous_invocations: 100, duration: 2, cooldown: 0, max_attempts: 3 },
  e2e_fail: { arn: 'e2e_fail', max_simultaneous_invocations: 5, duration: 1, cooldown: 0, max_attempts: 3 },
};

const workers = {
  // Completes every task, reporting a stat and a result, as a worker built with @sosw/worker does.
  e2e_echo: {
    handler: async (event: unknown) => {
      const task = event as WorkerEvent;
      await reportAsync({
        action: 'mark_task_as_completed',
        task_id: task.task_id,
        labourer_id: task.labourer_id,
        stats: { rows: 1 },
        result: { account: task.account },
      });
    },
  },
  // Fails every time: reports the failure, then throws.
  e2e_fail: {
    handler: async (event: unknown) => {
      const task = event as WorkerEvent;
      await reportAsync({
        action: 'mark_task_as_failed',
        task_id: task.task_id,
        labourer_id: task.labourer_id,
      });
      throw new Error(`attempt ${task.attempts} failed`);
    },
  },
};

const actions = (meta: readonly MetaRow[]) => meta.map((row) => row.action);

describe('the lifecycle of tasks through the essentials', () => {
  let system: LocalSystem;
  let echoIds: string[];
  let failingId: string;

  beforeAll(async () => {
    system = await startLocalSystem(labourers, workers);
    const echo = await system.taskManager.createTasks(
      'e2e_echo',
      Array.from({ length: 50 }, (_, account) => ({ payload: { account } })),
    );
    echoIds = echo.created.map((task) => task.task_id);
    const failing = await system.taskManager.createTasks('e2e_fail', [{ payload: { account: -1 } }]);
    failingId = failing.created[0]!.task_id;
    await runUntil(system, async () => (await rowsOf(system.tables.names.closed)).length === 51);
  }, 120_000);

  afterAll(async () => {
    await system.stop();
  });

  it('closes all 50 completed tasks with _1, each invoked once, with their reports', async () => {
    const closed = await rowsOf<ClosedTaskRow>(system.tables.names.closed);
    const echo = closed.filter((row) => row.labourer_id === 'e2e_echo');
    expect(echo.map((row) => row.task_id).sort()).toEqual([...echoIds].sort());
    for (const row of echo) {
      expect(row.labourer_id_task_status).toBe('e2e_echo_1');
      expect(row.attempts).toBe(1);
      expect(row.completed_at).toBeTypeOf('number');
      expect(row.stat_rows).toBe(1);
    }
    const accounts = echo.map((row) => row.result_account as number).sort((a, b) => a - b);
    expect(accounts).toEqual(Array.from({ length: 50 }, (_, i) => i));

    const invocations = system.lambda.invocations.filter((call) => call.name === 'e2e_echo');
    expect(invocations).toHaveLength(50);
    expect(new Set(invocations.map((call) => (call.payload as WorkerEvent).task_id)).size).toBe(50);
  });

  it('leaves nothing in the tasks and retry tables', async () => {
    expect(await rowsOf(system.tables.names.tasks)).toEqual([]);
    expect(await rowsOf(system.tables.names.retry)).toEqual([]);
  });

  it('buries a task that always fails with _0 after exactly max_attempts invocations', async () => {
    const closed = await rowsOf<ClosedTaskRow>(system.tables.names.closed);
    const dead = closed.find((row) => row.task_id === failingId);
    expect(dead).toMatchObject({ labourer_id_task_status: 'e2e_fail_0', attempts: 3, failed_attempts: 3 });
    const invocations = system.lambda.invocations.filter((call) => call.name === 'e2e_fail');
    expect(invocations.map((call) => (call.payload as WorkerEvent).attempts)).toEqual([1, 2, 3]);
  });

  it("tells each task's whole story in meta", async () => {
    const completed = await system.taskManager.getTask(echoIds[0]!);
    expect(actions(completed.meta)).toEqual(['created', 'invoked', 'marked_as_completed', 'archived']);

    const buried = await system.taskManager.getTask(failingId);
    expect(actions(buried.meta)).toEqual([
      'created',
      ...['invoked', 'marked_as_failed', 'scheduled_for_retry', 'ready_for_retry'],
      ...['invoked', 'marked_as_failed', 'scheduled_for_retry', 'ready_for_retry'],
      ...['invoked', 'marked_as_failed', 'archived_dead'],
    ]);
  });

  it('ignores a late completion of a buried task: no row written, closed row unchanged', async () => {
    const before = await system.taskManager.getTask(failingId);
    const answer = await system.report({
      action: 'mark_task_as_completed',
      task_id: failingId,
      labourer_id: 'e2e_fail',
    });
    expect(answer).toMatchObject({ task_id: failingId, outcome: 'not_found' });
    const after = await system.taskManager.getTask(failingId);
    expect(after.task).toBeUndefined();
    expect(after.closed).toEqual(before.closed);
    expect(after.meta).toEqual(before.meta);
  });
});
