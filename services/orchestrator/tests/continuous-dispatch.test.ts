import { InvokeCommand } from '@aws-sdk/client-lambda';
import { systemClock, ValidationError } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { leaseScope, TaskManager, type TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorConfigInput } from '../src/config.js';
import { arnOf, orchestratorFor, runningNow } from './helpers/factories.js';

/**
 * Continuous dispatch on DynamoDB Local with the real clock: the worker Lambda is mocked, and "runs" each
 * task for `workMs` before reporting it completed through a task manager of its own, as the
 * worker-assistant would. At every invoke the tasks table is read (strongly consistent) and the tasks
 * running counted: the count is what the labourer's budget promises.
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const DURATION = 60;
const COOLDOWN = 300;

function config(
  labourers: Record<string, object>,
  extra: OrchestratorConfigInput = {},
): OrchestratorConfigInput {
  return {
    task_config: {
      labourers: Object.fromEntries(
        Object.entries(labourers).map(([id, labourer]) => [
          id,
          { arn: arnOf(id), duration: DURATION, cooldown: COOLDOWN, ...labourer },
        ]),
      ),
    },
    refill_interval_ms: 50,
    stop_before_timeout_seconds: 0,
    ...extra,
  };
}

/** Queued tasks created as the scheduler would. */
async function createTasks(labourerId: string, count: number): Promise<string[]> {
  const taskManager = new TaskManager({ db: new DynamoClient(), tables: tables.names });
  const { created } = await taskManager.createTasks(
    labourerId,
    Array.from({ length: count }, (_, n) => ({ payload: { n } })),
  );
  return created.map((task) => task.task_id);
}

/**
 * A mocked worker Lambda: each invoke records how many of the labourer's tasks run at that moment, and
 * completes its task `workMs` later.
 */
function workers(lambdaMocks: ReturnType<typeof orchestratorFor>['lambdaMock'][], workMs: number) {
  const db = new DynamoClient();
  const assistant = new TaskManager({ db, tables: tables.names, author: 'test_worker_assistant' });
  const seen = { invokes: 0, maxRunning: 0, completions: [] as Promise<unknown>[] };
  for (const mock of lambdaMocks) {
    mock.on(InvokeCommand).callsFake(async (input: { FunctionName: string; Payload: Uint8Array }) => {
      const task = JSON.parse(Buffer.from(input.Payload).toString()) as TaskRow;
      seen.invokes += 1;
      seen.maxRunning = Math.max(
        seen.maxRunning,
        await runningNow(db, tables, { id: task.labourer_id, duration: DURATION, cooldown: COOLDOWN }),
      );
      seen.completions.push(
        new Promise((resolve) => setTimeout(resolve, workMs)).then(() =>
          assistant.markCompleted(task.task_id),
        ),
      );
      return { StatusCode: 202 };
    });
  }
  return seen;
}

async function leaseRow(labourerId: string) {
  return new DynamoClient().get(
    tables.names.dispatch,
    { scope: leaseScope(labourerId) },
    { consistent: true },
  );
}

describe('continuous dispatch', () => {
  it('refills each freed slot until the queue is empty, never above the budget, then lets go', async () => {
    const { orchestrator, lambdaMock } = orchestratorFor(
      tables,
      config({ refill: { max_simultaneous_invocations: 3 } }),
      { clock: systemClock },
    );
    const seen = workers([lambdaMock], 300);
    await createTasks('refill', 12);

    const startedAt = Date.now();
    const summary = await orchestrator.run({ remainingMs: 60_000 });
    const elapsed = Date.now() - startedAt;

    expect(summary.refill).toMatchObject({ budget: 3, invoked: 12, failed: 0, lease: 'taken' });
    expect(seen.maxRunning).toBe(3);
    // Four rounds of 300 ms, not four scheduled runs: it ended when the queue was empty, long before its time.
    expect(elapsed).toBeLessThan(20_000);
    // Let go: the row stays, released, with the state the next holder goes on from.
    expect(await leaseRow('refill')).toMatchObject({ expires_at_ms: 0, state: { effective_budget: 3 } });
    await Promise.all(seen.completions);
  });

  it('two runs at once: one dispatches, the other waits for it, and the budget holds', async () => {
    const labourers = config({ pair: { max_simultaneous_invocations: 3 } });
    const first = orchestratorFor(tables, labourers, { clock: systemClock });
    const second = orchestratorFor(tables, labourers, { clock: systemClock });
    const seen = workers([first.lambdaMock, second.lambdaMock], 200);
    await createTasks('pair', 15);

    const [a, b] = await Promise.all([
      first.orchestrator.run({ remainingMs: 60_000 }),
      second.orchestrator.run({ remainingMs: 60_000 }),
    ]);

    expect(a.pair!.invoked + b.pair!.invoked).toBe(15);
    expect(seen.invokes).toBe(15);
    expect(seen.maxRunning).toBeLessThanOrEqual(3);
    expect(seen.maxRunning).toBeGreaterThan(0);
    await Promise.all(seen.completions);
  });

  it('a dispatch request wakes the run that holds the lease instead of dispatching beside it', async () => {
    const labourers = config({ woken: { max_simultaneous_invocations: 1 } });
    const holder = orchestratorFor(tables, labourers, { clock: systemClock });
    const requested = orchestratorFor(tables, labourers, { clock: systemClock });
    const seen = workers([holder.lambdaMock, requested.lambdaMock], 300);
    await createTasks('woken', 4);

    const holding = holder.orchestrator.run({ remainingMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const request = await requested.orchestrator.run({
      event: { action: 'dispatch', labourer_ids: ['woken'], reason: 'tasks_created' },
      remainingMs: 60_000,
    });

    expect(request.woken).toMatchObject({ invoked: 0, lease: 'woke_holder' });
    expect((await holding).woken).toMatchObject({ invoked: 4, lease: 'taken' });
    expect(seen.maxRunning).toBe(1);
    await Promise.all(seen.completions);
  });

  it('a per_minute labourer gets one pass, as in sosw, even with time left', async () => {
    const { orchestrator, lambdaMock } = orchestratorFor(
      tables,
      config({ minute: { max_simultaneous_invocations: 2, dispatch: 'per_minute' } }),
      { clock: systemClock },
    );
    const seen = workers([lambdaMock], 50);
    await createTasks('minute', 5);

    const startedAt = Date.now();
    expect((await orchestrator.run({ remainingMs: 60_000 })).minute).toMatchObject({
      budget: 2,
      invoked: 2,
      lease: 'taken',
    });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(await leaseRow('minute')).toMatchObject({ expires_at_ms: 0 });
    await Promise.all(seen.completions);
  });

  it('a dispatch request leaves per_minute labourers to the schedule', async () => {
    const { orchestrator } = orchestratorFor(
      tables,
      config({ skipped: { max_simultaneous_invocations: 2, dispatch: 'per_minute' } }),
      { clock: systemClock },
    );
    await createTasks('skipped', 2);
    expect(await orchestrator.run({ event: { action: 'dispatch' }, remainingMs: 60_000 })).toEqual({});
  });

  it('lets go at once when the budget is 0 (the next scheduled run reads the health again)', async () => {
    const { orchestrator } = orchestratorFor(tables, config({ zero: { max_simultaneous_invocations: 0 } }), {
      clock: systemClock,
    });
    await createTasks('zero', 2);
    const startedAt = Date.now();
    expect((await orchestrator.run({ remainingMs: 60_000 })).zero).toMatchObject({ budget: 0, invoked: 0 });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(await leaseRow('zero')).toMatchObject({ expires_at_ms: 0, state: { effective_budget: 0 } });
  });

  it('refuses a dispatch request with a bad field, naming it, before reading anything', async () => {
    const { orchestrator } = orchestratorFor(tables, config({ bad: {} }), { clock: systemClock });
    const run = orchestrator.run({ event: { action: 'dispatch', labourer_ids: 'bad' } });
    await expect(run).rejects.toThrow(ValidationError);
    await expect(run).rejects.toThrow(/labourer_ids/);
  });
});
