import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { ValidationError } from '@sosw/core';
import type { ClosedTaskRow, TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnknownLabourerError } from '../src/errors.js';
import { assistantFor, INVOKED, invokedTask, metaOf, NOW } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const taskOf = (db: ReturnType<typeof assistantFor>['db'], taskId: string) =>
  db.get<TaskRow>(tables.names.tasks, { task_id: taskId }, { consistent: true });

describe('mark_task_as_completed', () => {
  it('records the completion with stats sent as a JSON string (Python) and a result object', async () => {
    const { assistant, db, stats } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('c-1'));

    expect(
      await assistant.handle(
        { action: 'mark_task_as_completed', task_id: 'c-1', stats: '{"rows": 5}', result: { file: 'a.csv' } },
        { invocationId: 'req-1' },
      ),
    ).toEqual({ task_id: 'c-1', action: 'mark_task_as_completed', outcome: 'completed' });

    // The completed meta row rides on the task until the scavenger archives it (task-manager's README).
    expect(await taskOf(db, 'c-1')).toMatchObject({
      completed_at: NOW,
      stat_rows: 5,
      result_file: 'a.csv',
      completion: { author: 'test_assistant', invocation_id: 'req-1' },
    });
    expect(await metaOf(db, tables, 'c-1')).toEqual([]);
    expect(stats.current()).toMatchObject({ tasks_completed: 1 });
  });

  it('takes the whole event as a JSON string', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('c-json'));
    const event = JSON.stringify({ action: 'mark_task_as_completed', task_id: 'c-json', result: '{"n": 1}' });
    expect((await assistant.handle(event)).outcome).toBe('completed');
    expect(await taskOf(db, 'c-json')).toMatchObject({ completed_at: NOW, result_n: 1 });
  });

  it('answers a duplicate completion with already_completed and leaves the first one', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('c-dup'));
    await assistant.handle({ action: 'mark_task_as_completed', task_id: 'c-dup', stats: { rows: 1 } });
    expect(
      (await assistant.handle({ action: 'mark_task_as_completed', task_id: 'c-dup', stats: { rows: 2 } }))
        .outcome,
    ).toBe('already_completed');
    expect((await taskOf(db, 'c-dup'))?.stat_rows).toBe(1);
  });

  it('answers a completion of an unknown task with not_found and writes nothing', async () => {
    const { assistant, db } = assistantFor(tables);
    expect((await assistant.handle({ action: 'mark_task_as_completed', task_id: 'c-none' })).outcome).toBe(
      'not_found',
    );
    expect(await taskOf(db, 'c-none')).toBeUndefined();
    expect(await metaOf(db, tables, 'c-none')).toEqual([]);
  });

  it('a late completion after the task was buried writes no task row and leaves the closed row', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('c-late'));
    expect((await assistant.handle({ action: 'mark_task_as_dead', task_id: 'c-late' })).outcome).toBe(
      'buried',
    );
    const closed = await db.get<ClosedTaskRow>(
      tables.names.closed,
      { task_id: 'c-late' },
      { consistent: true },
    );

    expect(
      await assistant.handle({ action: 'mark_task_as_completed', task_id: 'c-late', labourer_id: 'timed' }),
    ).toEqual({ task_id: 'c-late', action: 'mark_task_as_completed', outcome: 'not_found' });
    expect(await taskOf(db, 'c-late')).toBeUndefined();
    expect(await db.get(tables.names.closed, { task_id: 'c-late' }, { consistent: true })).toEqual(closed);
    expect((await metaOf(db, tables, 'c-late')).map((row) => row.action)).toEqual(['archived_dead']);
  });

  it('answers a completion of a queued task with not_invoked', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('c-queued', 'timed', { greenfield: 5000, attempts: 0 }));
    expect((await assistant.handle({ action: 'mark_task_as_completed', task_id: 'c-queued' })).outcome).toBe(
      'not_invoked',
    );
    expect((await taskOf(db, 'c-queued'))?.completed_at).toBeUndefined();
  });
});

describe("a report naming a labourer that is not the task's", () => {
  it('completes nothing: labourer_id_mismatch, and the meta row keeps both labourers', async () => {
    const { assistant, db, stats } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('m-1'));

    expect(
      await assistant.handle({
        action: 'mark_task_as_completed',
        task_id: 'm-1',
        labourer_id: 'nobody',
        stats: { rows: 5 },
      }),
    ).toEqual({ task_id: 'm-1', action: 'mark_task_as_completed', outcome: 'labourer_id_mismatch' });

    expect(await taskOf(db, 'm-1')).toEqual(invokedTask('m-1'));
    expect(await metaOf(db, tables, 'm-1')).toEqual([
      expect.objectContaining({
        action: 'completion_rejected',
        labourer_id: 'timed',
        details: { reported: 'completed', outcome: 'labourer_id_mismatch', reported_labourer_id: 'nobody' },
      }),
    ]);
    expect(stats.current()).toMatchObject({ tasks_report_rejected: 1 });
    expect(stats.current().tasks_completed).toBeUndefined();
  });

  it("fails nothing when a known labourer reports a failure of another labourer's task", async () => {
    const { assistant, db, lambdaMock } = assistantFor(tables);
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Timeout: 120 });
    await db.put(tables.names.tasks, invokedTask('m-2'));

    expect(
      (await assistant.handle({ action: 'mark_task_as_failed', task_id: 'm-2', labourer_id: 'lambda_timed' }))
        .outcome,
    ).toBe('labourer_id_mismatch');

    expect(await taskOf(db, 'm-2')).toEqual(invokedTask('m-2'));
    expect((await metaOf(db, tables, 'm-2')).map((row) => [row.action, row.details?.outcome])).toEqual([
      ['completion_rejected', 'labourer_id_mismatch'],
    ]);
  });

  it('buries nothing when a report of a fatal error names another labourer', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('m-4'));

    expect(
      (await assistant.handle({ action: 'mark_task_as_dead', task_id: 'm-4', labourer_id: 'nobody' }))
        .outcome,
    ).toBe('labourer_id_mismatch');

    expect(await taskOf(db, 'm-4')).toEqual(invokedTask('m-4'));
    expect((await metaOf(db, tables, 'm-4')).map((row) => [row.action, row.details?.reported])).toEqual([
      ['completion_rejected', 'dead'],
    ]);
  });

  it("still lets the task's own labourer complete it afterwards", async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('m-3'));
    await assistant.handle({ action: 'mark_task_as_completed', task_id: 'm-3', labourer_id: 'nobody' });
    expect(
      (await assistant.handle({ action: 'mark_task_as_completed', task_id: 'm-3', labourer_id: 'timed' }))
        .outcome,
    ).toBe('completed');
    expect((await metaOf(db, tables, 'm-3')).map((row) => [row.action, row.labourer_id])).toEqual([
      ['completion_rejected', 'timed'],
    ]);
    expect(await taskOf(db, 'm-3')).toMatchObject({
      completed_at: NOW,
      completion: { author: 'test_assistant' },
    });
  });
});

describe('mark_task_as_failed', () => {
  it('counts the failure and makes the task expired now, by the labourer timing in config', async () => {
    const { assistant, db, lambdaMock } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('f-1'));

    expect(
      await assistant.handle({
        action: 'mark_task_as_failed',
        task_id: 'f-1',
        labourer_id: 'timed',
        result: '{"error": "timeout"}',
      }),
    ).toEqual({ task_id: 'f-1', action: 'mark_task_as_failed', outcome: 'failed' });

    // expired now: invoked - (duration 60 + cooldown 300)
    expect(await taskOf(db, 'f-1')).toMatchObject({
      greenfield: INVOKED - 360,
      failed_attempts: 1,
      result_error: 'timeout',
      attempts: 1,
    });
    expect(lambdaMock.calls()).toHaveLength(0);
  });

  it('learns the labourer from the task and its duration from the Lambda timeout, read once per refresh', async () => {
    const { assistant, db, lambdaMock, clock } = assistantFor(tables);
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Timeout: 120 });
    await db.batchPut(tables.names.tasks, [
      invokedTask('f-l1', 'lambda_timed'),
      invokedTask('f-l2', 'lambda_timed'),
    ]);

    const [first, second] = await Promise.all([
      assistant.handle({ action: 'mark_task_as_failed', task_id: 'f-l1' }),
      assistant.handle({ action: 'mark_task_as_failed', task_id: 'f-l2' }),
    ]);
    expect([first.outcome, second.outcome]).toEqual(['failed', 'failed']);
    // Timeout 120 + cooldown 100.
    expect((await taskOf(db, 'f-l1'))?.greenfield).toBe(INVOKED - 220);
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(1);

    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Timeout: 200 });
    clock.advance(301_000); // past labourer_refresh_seconds (300)
    await db.put(tables.names.tasks, invokedTask('f-l3', 'lambda_timed', { greenfield: INVOKED + 301 - 10 }));
    expect((await assistant.handle({ action: 'mark_task_as_failed', task_id: 'f-l3' })).outcome).toBe(
      'failed',
    );
    expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(2);
    expect((await taskOf(db, 'f-l3'))?.greenfield).toBe(INVOKED + 301 - 300);
  });

  it('answers a failure of an unknown task with not_found and writes nothing', async () => {
    const { assistant, db, stats } = assistantFor(tables);
    expect((await assistant.handle({ action: 'mark_task_as_failed', task_id: 'f-none' })).outcome).toBe(
      'not_found',
    );
    expect(
      (await assistant.handle({ action: 'mark_task_as_failed', task_id: 'f-none', labourer_id: 'timed' }))
        .outcome,
    ).toBe('not_found');
    expect(await taskOf(db, 'f-none')).toBeUndefined();
    expect(await metaOf(db, tables, 'f-none')).toEqual([]);
    expect(stats.current()).toMatchObject({ tasks_report_rejected: 2 });
  });

  it('refuses a failure of a labourer missing from task_config, naming it, and leaves the task', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('f-stranger', 'stranger'));
    const failure = assistant.handle({ action: 'mark_task_as_failed', task_id: 'f-stranger' });
    await expect(failure).rejects.toBeInstanceOf(UnknownLabourerError);
    await expect(failure).rejects.toThrow('labourer_id "stranger" of task "f-stranger"');
    expect(await taskOf(db, 'f-stranger')).toEqual(invokedTask('f-stranger', 'stranger'));
  });
});

describe('mark_task_as_dead', () => {
  it('buries the task now with the worker reason, whatever its attempts', async () => {
    const { assistant, db, stats } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('d-1'));

    expect(
      await assistant.handle({ action: 'mark_task_as_dead', task_id: 'd-1', reason: 'account was deleted' }),
    ).toEqual({ task_id: 'd-1', action: 'mark_task_as_dead', outcome: 'buried' });

    expect(await taskOf(db, 'd-1')).toBeUndefined();
    expect(await db.get(tables.names.closed, { task_id: 'd-1' })).toMatchObject({
      labourer_id_task_status: 'timed_0',
      closed_at: NOW,
    });
    expect(await metaOf(db, tables, 'd-1')).toEqual([
      expect.objectContaining({
        action: 'archived_dead',
        details: { attempts: 1, reason: 'account was deleted' },
      }),
    ]);
    expect(stats.current()).toMatchObject({ tasks_buried_by_worker: 1, closed_dead_tasks: 1 });
  });

  it('answers for a task that is gone or completed without burying it', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('d-done', 'timed', { completed_at: NOW - 1 }));
    expect((await assistant.handle({ action: 'mark_task_as_dead', task_id: 'd-none' })).outcome).toBe(
      'not_found',
    );
    expect((await assistant.handle({ action: 'mark_task_as_dead', task_id: 'd-done' })).outcome).toBe(
      'already_completed',
    );
    expect(await taskOf(db, 'd-done')).toMatchObject({ completed_at: NOW - 1 });
  });
});

describe('bad events', () => {
  it.each([
    [{ action: 'mark_task_as_completed', task_id: 42 }, 'task_id', 'task_id: expected string, got number'],
    [
      { action: 'mark_task_as_done', task_id: 'b-1' },
      'action',
      'action: expected one of "mark_task_as_completed" | "mark_task_as_failed" | "mark_task_as_dead" | "mark_task_as_throttled", got "mark_task_as_done"',
    ],
    [{ task_id: 'b-1' }, 'action', 'action: expected one of'],
    [
      { action: 'mark_task_as_completed', task_id: 'b-1', stats: '{rows: 5' },
      'stats',
      'stats: expected an object',
    ],
    [
      { action: 'mark_task_as_completed', task_id: 'b-1', result: [1, 2] },
      'result',
      'result: expected object, got array',
    ],
    ['{"action": ', '(root)', 'not JSON'],
  ])('rejects %j naming %s, and writes nothing', async (event, path, message) => {
    const { assistant, db, stats } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('b-1'));
    const failure = assistant.handle(event);
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toSatisfy((error) => (error as ValidationError).path === path);
    await expect(failure).rejects.toThrow(message);
    expect(await taskOf(db, 'b-1')).toEqual(invokedTask('b-1'));
    expect(stats.current()).toMatchObject({ events_invalid: 1 });
  });
});
