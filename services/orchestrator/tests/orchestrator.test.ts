import { GetFunctionConfigurationCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import type { DynamoClient } from '@sosw/dynamo-client';
import { InMemoryMetricSource } from '@sosw/ecology';
import type { MetaRow, TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { arnOf, invokedTasks, NOW, orchestratorFor, queueTasks } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const INVOKED = NOW + 31_557_600;

const cpu = {
  namespace: 'AWS/RDS',
  metricName: 'CPUUtilization',
  dimensions: [{ name: 'DBInstanceIdentifier', value: 'db' }],
};

/** A labourer that depends on one database's CPU: 60% is Moderate (2), 20% is High (4). */
function labourerWithCpu(id: string, max = 10) {
  return {
    arn: arnOf(id),
    max_simultaneous_invocations: max,
    duration: 60,
    health_metrics: {
      db_cpu: {
        details: {
          Namespace: 'AWS/RDS',
          MetricName: 'CPUUtilization',
          Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'db' }],
        },
        feelings: { '2': 80, '3': 50, '4': 25 },
        feeling_comparison_operator: '<=',
      },
    },
  };
}

async function tasksOf(db: DynamoClient, rows: readonly TaskRow[]) {
  return Promise.all(
    rows.map(
      async (row) =>
        (await db.get<TaskRow>(tables.names.tasks, { task_id: row.task_id }, { consistent: true }))!,
    ),
  );
}

const invokedIds = (calls: { args: [{ input: object }] }[]) =>
  calls.map(
    (call) =>
      (
        JSON.parse(Buffer.from((call.args[0].input as { Payload: Uint8Array }).Payload).toString()) as {
          task_id: string;
        }
      ).task_id,
  );

describe('Orchestrator.run', () => {
  it('scales a shared resource by its own health: max 8 at Moderate is 4, across its labourers', async () => {
    const source = new InMemoryMetricSource().set(cpu, 60);
    const { health_metrics } = labourerWithCpu('unused');
    const healthy = (id: string) => ({
      arn: arnOf(id),
      max_simultaneous_invocations: 10,
      duration: 60,
      resources: ['db'],
    });
    const { orchestrator, lambdaMock, db } = orchestratorFor(
      tables,
      {
        task_config: {
          resources: { db: { max_simultaneous: 8, health_metrics } },
          labourers: { res_a: healthy('res_a'), res_b: healthy('res_b') },
        },
      },
      { metricSource: source },
    );
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    await queueTasks(db, tables, 'res_a', 6);
    await queueTasks(db, tables, 'res_b', 6);

    const summary = await orchestrator.run();

    // The labourers themselves are healthy (no metrics: budget 10 each); the database they share is not.
    expect(summary.res_a!.budget).toBe(10);
    expect(summary.res_a!.invoked + summary.res_b!.invoked).toBe(4);
  });

  it('invokes exactly the budget: max 10 at Moderate health is 5, the 5 oldest tasks', async () => {
    const source = new InMemoryMetricSource().set(cpu, 60);
    const { orchestrator, lambdaMock, db } = orchestratorFor(
      tables,
      { task_config: { labourers: { budget5: labourerWithCpu('budget5') } } },
      { metricSource: source },
    );
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const queued = await queueTasks(db, tables, 'budget5', 8);

    expect(await orchestrator.run()).toEqual({
      budget5: { budget: 5, running: 5, invoked: 5, skipped: 0, failed: 0, lease: 'taken' },
    });

    const calls = lambdaMock.commandCalls(InvokeCommand);
    expect(calls.map((call) => call.args[0].input.FunctionName)).toEqual(
      Array.from({ length: 5 }, () => arnOf('budget5')),
    );
    expect(calls.every((call) => call.args[0].input.InvocationType === 'Event')).toBe(true);
    expect(invokedIds(calls).sort()).toEqual(queued.slice(0, 5).map((row) => row.task_id));
    const after = await tasksOf(db, queued);
    expect(after.map((row) => [row.greenfield, row.attempts])).toEqual([
      ...Array.from({ length: 5 }, () => [INVOKED, 1]),
      ...queued.slice(5).map((row) => [row.greenfield, 0]),
    ]);
  });

  it('subtracts what is running: with 3 running, Moderate health (5) leaves 2', async () => {
    const source = new InMemoryMetricSource().set(cpu, 60);
    const { orchestrator, lambdaMock, db } = orchestratorFor(
      tables,
      { task_config: { labourers: { running3: labourerWithCpu('running3') } } },
      { metricSource: source },
    );
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    await invokedTasks(db, tables, 'running3', 3, 30);
    await queueTasks(db, tables, 'running3', 6);

    expect(await orchestrator.run()).toEqual({
      running3: { budget: 5, running: 5, invoked: 2, skipped: 0, failed: 0, lease: 'taken' },
    });
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(2);
  });

  it('reads the metrics of all labourers with one fetch per run', async () => {
    const source = new InMemoryMetricSource().set(cpu, 20); // High: the whole max
    const { orchestrator, lambdaMock, db } = orchestratorFor(
      tables,
      {
        task_config: {
          labourers: { fetchA: labourerWithCpu('fetchA', 2), fetchB: labourerWithCpu('fetchB', 3) },
        },
      },
      { metricSource: source },
    );
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    await queueTasks(db, tables, 'fetchA', 5);
    await queueTasks(db, tables, 'fetchB', 5);

    const summary = await orchestrator.run();

    expect(summary).toEqual({
      fetchA: { budget: 2, running: 2, invoked: 2, skipped: 0, failed: 0, lease: 'taken' },
      fetchB: { budget: 3, running: 3, invoked: 3, skipped: 0, failed: 0, lease: 'taken' },
    });
    expect(source.requests).toHaveLength(1);
    await orchestrator.run();
    expect(source.requests).toHaveLength(2); // a new run reads the metrics again
  });

  it('applies sosw invocation_number_coefficient and ecology_config.budget_coefficients', async () => {
    const source = new InMemoryMetricSource().set(cpu, 60); // Moderate
    const { orchestrator, lambdaMock, db } = orchestratorFor(
      tables,
      {
        task_config: { labourers: { coeff: labourerWithCpu('coeff') } },
        invocation_number_coefficient: { '2': 0.3 },
      },
      { metricSource: source },
    );
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    await queueTasks(db, tables, 'coeff', 6);
    expect((await orchestrator.run()).coeff).toMatchObject({ budget: 3, invoked: 3 });
  });

  it('a labourer whose invokes all fail does not stop another, and its claims are rolled back', async () => {
    const { orchestrator, lambdaMock, db, stats } = orchestratorFor(tables, {
      task_config: {
        labourers: {
          broken: { arn: arnOf('broken'), max_simultaneous_invocations: 3, duration: 60 },
          healthy: { arn: arnOf('healthy'), max_simultaneous_invocations: 3, duration: 60 },
        },
      },
    });
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    lambdaMock
      .on(InvokeCommand, { FunctionName: arnOf('broken') })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    const brokenTasks = await queueTasks(db, tables, 'broken', 3);
    const healthyTasks = await queueTasks(db, tables, 'healthy', 3);

    expect(await orchestrator.run()).toEqual({
      // Rolled back: not running.
      broken: { budget: 3, running: 0, invoked: 0, skipped: 0, failed: 3, lease: 'taken' },
      healthy: { budget: 3, running: 3, invoked: 3, skipped: 0, failed: 0, lease: 'taken' },
    });
    // Rolled back: queued again where they were, no attempt counted.
    expect((await tasksOf(db, brokenTasks)).map((row) => [row.greenfield, row.attempts])).toEqual(
      brokenTasks.map((row) => [row.greenfield, 0]),
    );
    expect((await tasksOf(db, healthyTasks)).map((row) => row.greenfield)).toEqual([
      INVOKED,
      INVOKED,
      INVOKED,
    ]);
    expect(stats.current()).toMatchObject({
      tasks_invoke_failed: 3,
      tasks_invoked: 3,
      labourers_processed: 2,
    });
    const meta = await db.query<MetaRow>(tables.names.meta, {
      partitionKey: { name: 'task_id', value: brokenTasks[0]!.task_id },
    });
    expect(meta.map((row) => [row.action, row.author])).toEqual([['invoke_failed', 'test_orchestrator']]);
  });

  it('buries a task Lambda refuses for good, and fails the attempt at `invoke_refusals_before_failure` refusals for now', async () => {
    const { orchestrator, lambdaMock, db, stats } = orchestratorFor(tables, {
      invoke_refusals_before_failure: 1,
      task_config: {
        labourers: {
          oversized: { arn: arnOf('oversized'), max_simultaneous_invocations: 1, duration: 60 },
          throttled: { arn: arnOf('throttled'), max_simultaneous_invocations: 1, duration: 60 },
        },
      },
    });
    const answered = (name: string, httpStatusCode: number) =>
      Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
    lambdaMock
      .on(InvokeCommand, { FunctionName: arnOf('oversized') })
      .rejects(answered('RequestEntityTooLargeException', 413));
    lambdaMock
      .on(InvokeCommand, { FunctionName: arnOf('throttled') })
      .rejects(answered('TooManyRequestsException', 429));
    const [oversized] = await queueTasks(db, tables, 'oversized', 1);
    const [throttled] = await queueTasks(db, tables, 'throttled', 1);

    expect(await orchestrator.run()).toMatchObject({
      oversized: { invoked: 0, failed: 1, running: 0 },
      throttled: { invoked: 0, failed: 1, running: 0 },
    });

    expect(await db.get(tables.names.tasks, { task_id: oversized!.task_id })).toBeUndefined();
    expect(await db.get(tables.names.closed, { task_id: oversized!.task_id })).toMatchObject({
      labourer_id_task_status: 'oversized_0',
    });
    // One refusal for now was the limit: the attempt is counted and over, for the scavenger.
    expect(await db.get(tables.names.tasks, { task_id: throttled!.task_id })).toMatchObject({
      attempts: 1,
      greenfield: INVOKED - 60 - 300,
    });
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(2);
    expect(stats.current()).toMatchObject({
      tasks_invoke_refused_for_good: 1,
      tasks_invoke_refusals_exhausted: 1,
      closed_dead_tasks: 1,
    });
  });

  it('a labourer whose step throws is reported with its error; the others go on', async () => {
    const { orchestrator, lambdaMock, db, stats, logger } = orchestratorFor(tables, {
      task_config: {
        labourers: {
          throws: { arn: arnOf('throws'), max_simultaneous_invocations: 2, duration: 60 },
          fine: { arn: arnOf('fine'), max_simultaneous_invocations: 2, duration: 60 },
        },
      },
    });
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    await queueTasks(db, tables, 'throws', 2);
    await queueTasks(db, tables, 'fine', 2);
    const adoptRunning = orchestrator.taskManager.adoptRunning.bind(orchestrator.taskManager);
    vi.spyOn(orchestrator.taskManager, 'adoptRunning').mockImplementation((labourer, window, ledger) =>
      labourer.id === 'throws'
        ? Promise.reject(new Error('the index is gone'))
        : adoptRunning(labourer, window, ledger),
    );

    expect(await orchestrator.run()).toEqual({
      throws: {
        budget: 0,
        running: 0,
        invoked: 0,
        skipped: 0,
        failed: 0,
        lease: 'not_needed',
        error: 'Error: the index is gone',
      },
      fine: { budget: 2, running: 2, invoked: 2, skipped: 0, failed: 0, lease: 'taken' },
    });
    expect(stats.current()).toMatchObject({ labourers_failed: 1, labourers_processed: 1 });
    expect(logger.errors()).toEqual([
      expect.objectContaining({ extra: { labourer_id: 'throws', error: 'Error: the index is gone' } }),
    ]);
  });

  it('reads a labourer duration from its Lambda timeout once per run, and counts running tasks by it', async () => {
    const { orchestrator, lambdaMock, db } = orchestratorFor(tables, {
      task_config: { labourers: { timeout: { arn: arnOf('timeout'), max_simultaneous_invocations: 4 } } },
    });
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Timeout: 60 });
    // Invoked 10 minutes ago: running for a 900 s worker, expired for a 60 s one (60 + 300 cooldown).
    await invokedTasks(db, tables, 'timeout', 2, 600);
    await queueTasks(db, tables, 'timeout', 6);

    expect((await orchestrator.run()).timeout).toEqual({
      budget: 4,
      running: 4,
      invoked: 4,
      skipped: 0,
      failed: 0,
      lease: 'taken',
    });
    expect(
      lambdaMock.commandCalls(GetFunctionConfigurationCommand).map((call) => call.args[0].input),
    ).toEqual([{ FunctionName: arnOf('timeout') }]);
  });

  it('invokes nothing for a labourer whose budget is 0', async () => {
    const { orchestrator, lambdaMock, db } = orchestratorFor(tables, {
      task_config: {
        labourers: { paused: { arn: arnOf('paused'), max_simultaneous_invocations: 0, duration: 60 } },
      },
    });
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const queued = await queueTasks(db, tables, 'paused', 2);
    expect(await orchestrator.run()).toEqual({
      paused: { budget: 0, running: 0, invoked: 0, skipped: 0, failed: 0, lease: 'taken' },
    });
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
    expect((await tasksOf(db, queued)).map((row) => row.attempts)).toEqual([0, 0]);
  });

  it('two orchestrators at once invoke each task once', async () => {
    const config = {
      task_config: {
        labourers: { race: { arn: arnOf('race'), max_simultaneous_invocations: 20, duration: 60 } },
      },
    };
    const first = orchestratorFor(tables, config);
    const second = orchestratorFor(tables, config);
    first.lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    second.lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const queued = await queueTasks(first.db, tables, 'race', 12);

    const [a, b] = await Promise.all([first.orchestrator.run(), second.orchestrator.run()]);

    expect(a.race!.invoked + b.race!.invoked).toBe(12);
    const ids = [
      ...invokedIds(first.lambdaMock.commandCalls(InvokeCommand)),
      ...invokedIds(second.lambdaMock.commandCalls(InvokeCommand)),
    ];
    expect(ids.sort()).toEqual(queued.map((row) => row.task_id));
  });
});
