import { ValidationError } from '@sosw/core';
import type { TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantFor, INVOKED, invokedTask, metaOf } from './helpers/factories.js';

/**
 * Reports bound to their attempt (issue 17 item 3). The task runs attempt 2, claimed 10 s ago; attempt 1
 * was claimed ten minutes earlier, and its worker's report arrives now (Lambda delivers an asynchronous
 * event at least once, and may hold it for hours).
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

const ATTEMPT_1 = { attempts: 1, greenfield: INVOKED - 600 };
const ATTEMPT_2 = { attempts: 2, greenfield: INVOKED - 10 };

const inAttempt2 = (taskId: string): TaskRow => invokedTask(taskId, 'timed', ATTEMPT_2);

const taskOf = (db: ReturnType<typeof assistantFor>['db'], taskId: string) =>
  db.get<TaskRow>(tables.names.tasks, { task_id: taskId }, { consistent: true });

describe('a late report of attempt 1 while attempt 2 runs', () => {
  it.each([
    ['mark_task_as_completed', { result: { rows: 1 } }],
    ['mark_task_as_failed', { reason: 'Error: boom' }],
    ['mark_task_as_dead', { reason: 'FatalError: bad input' }],
  ])('%s: attempt_mismatch, the task unchanged, the rejection in meta', async (action, fields) => {
    const { assistant, db, logger } = assistantFor(tables);
    const taskId = `late-${action}`;
    await db.put(tables.names.tasks, inAttempt2(taskId));

    const event = { action, task_id: taskId, labourer_id: 'timed', ...ATTEMPT_1, ...fields };
    expect(await assistant.handle(event)).toEqual({ task_id: taskId, action, outcome: 'attempt_mismatch' });

    expect(await taskOf(db, taskId)).toEqual(inAttempt2(taskId));
    expect(await db.get(tables.names.closed, { task_id: taskId }, { consistent: true })).toBeUndefined();
    expect(await metaOf(db, tables, taskId)).toMatchObject([
      {
        action: 'completion_rejected',
        details: { outcome: 'attempt_mismatch', reported_attempts: 1, reported_greenfield: INVOKED - 600 },
      },
    ]);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.extra)).toContainEqual(
      expect.objectContaining({ outcome: 'attempt_mismatch', reported_attempts: 1 }),
    );
  });

  it('the report of attempt 2 itself is taken', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, inAttempt2('current'));
    const event = {
      action: 'mark_task_as_completed',
      task_id: 'current',
      labourer_id: 'timed',
      ...ATTEMPT_2,
    };
    expect((await assistant.handle(event)).outcome).toBe('completed');
  });

  it("Python sosw's report, which names no attempt, is taken as today", async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, inAttempt2('python'));
    expect(
      (await assistant.handle({ action: 'mark_task_as_completed', task_id: 'python', stats: '{"rows": 1}' }))
        .outcome,
    ).toBe('completed');
  });
});

describe('mark_task_as_dead', () => {
  it('does not bury a queued task: not_invoked', async () => {
    const { assistant, db } = assistantFor(tables);
    const queued = invokedTask('dead-queued', 'timed', { greenfield: 5000 });
    await db.put(tables.names.tasks, queued);
    expect(
      (await assistant.handle({ action: 'mark_task_as_dead', task_id: 'dead-queued', labourer_id: 'timed' }))
        .outcome,
    ).toBe('not_invoked');
    expect(await taskOf(db, 'dead-queued')).toEqual(queued);
  });
});

describe('the attempt fields of an event', () => {
  it.each([
    [{ attempts: 1 }, 'labourer_id: required when the report names its attempt (attempts, greenfield)'],
    [{ greenfield: INVOKED }, 'labourer_id: required when the report names its attempt'],
    [{ labourer_id: 'timed', attempts: 0 }, 'attempts: '],
    [{ labourer_id: 'timed', attempts: '1' }, 'attempts: '],
    [{ labourer_id: 'timed', attempts: 1.5 }, 'attempts: '],
    [{ labourer_id: 'timed', greenfield: 'x' }, 'greenfield: '],
  ])('%j is refused before anything is read: %s', async (fields, message) => {
    const { assistant, db, stats } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('bad-attempt'));
    const error: unknown = await assistant
      .handle({ action: 'mark_task_as_completed', task_id: 'bad-attempt', ...fields })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
    expect(await taskOf(db, 'bad-attempt')).toEqual(invokedTask('bad-attempt'));
    expect(stats.current().events_invalid).toBe(1);
  });
});
