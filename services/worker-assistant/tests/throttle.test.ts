import { ValidationError } from '@sosw/core';
import { expiredNowGreenfield, type TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnknownLabourerError } from '../src/errors.js';
import { assistantFor, CONFIG, INVOKED, invokedTask, metaOf, NOW, NOW_MS } from './helpers/factories.js';

/**
 * `mark_task_as_throttled` (issue 22 item 6): the worker met throttling; its running attempt goes back to
 * the head of the queue, given back, with `throttles` and `throttled_at` on the row.
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

/** The attempt the tasks below run: claimed 10 s ago. */
const ATTEMPT = { attempts: 1, greenfield: INVOKED - 10 };

const taskOf = (db: ReturnType<typeof assistantFor>['db'], taskId: string) =>
  db.get<TaskRow & { concurrency_key?: string }>(
    tables.names.tasks,
    { task_id: taskId },
    { consistent: true },
  );

const throttled = (taskId: string, labourerId: string, fields: Record<string, unknown> = {}) => ({
  action: 'mark_task_as_throttled',
  task_id: taskId,
  labourer_id: labourerId,
  ...ATTEMPT,
  reason: 'ThrottledError: HTTP 429 from the stats API',
  ...fields,
});

describe('mark_task_as_throttled', () => {
  it('puts the task back at the head of its queue at once, the attempt given back', async () => {
    const { assistant, db, clock } = assistantFor(tables);
    clock.set(NOW_MS + 125);
    // The labourer `timed` has a queued task; the throttled one goes in front of it.
    await db.put(tables.names.tasks, invokedTask('queued', 'timed', { greenfield: 5000, attempts: 0 }));
    await db.put(tables.names.tasks, {
      ...invokedTask('throttled', 'timed', ATTEMPT),
      concurrency_key: 'acc-7',
    });

    expect(await assistant.handle(throttled('throttled', 'timed'), { invocationId: 'req-t' })).toEqual({
      task_id: 'throttled',
      action: 'mark_task_as_throttled',
      outcome: 'throttled',
    });

    const row = await taskOf(db, 'throttled');
    expect(row).toMatchObject({
      attempts: 0,
      throttles: 1,
      throttled_at: (NOW_MS + 125) / 1000,
      concurrency_key: 'acc-7',
      payload: '{}',
    });
    expect(row?.greenfield).toBeLessThan(5000);
    expect(await metaOf(db, tables, 'throttled')).toMatchObject([
      {
        action: 'throttled',
        invocation_id: 'req-t',
        details: {
          attempts: 1,
          throttles: 1,
          attempt_given_back: true,
          reason: 'ThrottledError: HTTP 429 from the stats API',
        },
      },
    ]);
  });

  it('spends the attempt at throttles_before_attempt in a row: expired now by the labourer timing', async () => {
    const { assistant, db } = assistantFor(tables, { ...CONFIG, throttles_before_attempt: 2 });
    await db.put(tables.names.tasks, invokedTask('spent', 'timed', { ...ATTEMPT, throttles: 1 }));

    expect((await assistant.handle(throttled('spent', 'timed'))).outcome).toBe('throttled_attempt_spent');

    expect(await taskOf(db, 'spent')).toMatchObject({
      attempts: 1,
      throttles: 0,
      throttled_at: NOW,
      greenfield: expiredNowGreenfield(NOW, { duration: 60, cooldown: 300 }),
    });
  });

  it('of an attempt that is over: attempt_mismatch, the task unchanged', async () => {
    const { assistant, db } = assistantFor(tables);
    const running = invokedTask('later', 'timed', { attempts: 2, greenfield: INVOKED - 5 });
    await db.put(tables.names.tasks, running);
    expect((await assistant.handle(throttled('later', 'timed'))).outcome).toBe('attempt_mismatch');
    expect(await taskOf(db, 'later')).toEqual(running);
  });

  it('of a labourer missing from the config throws UnknownLabourerError, the task unchanged', async () => {
    const { assistant, db } = assistantFor(tables);
    const task = invokedTask('stranger', 'stranger', ATTEMPT);
    await db.put(tables.names.tasks, task);
    await expect(assistant.handle(throttled('stranger', 'stranger'))).rejects.toBeInstanceOf(
      UnknownLabourerError,
    );
    expect(await taskOf(db, 'stranger')).toEqual(task);
  });
});

describe('a malformed mark_task_as_throttled', () => {
  it.each([
    ['without attempts', { attempts: undefined }, 'attempts: required for mark_task_as_throttled'],
    ['without greenfield', { greenfield: undefined }, 'greenfield: required for mark_task_as_throttled'],
    ['without labourer_id', { labourer_id: undefined }, 'labourer_id: required for mark_task_as_throttled'],
    ['attempts not a number', { attempts: 'one' }, 'attempts: '],
    ['greenfield null', { greenfield: null }, 'greenfield: '],
    ['reason not a string', { reason: 42 }, 'reason: '],
  ])('%s is refused before anything is read or written', async (_name, fields, message) => {
    const { assistant, db, stats } = assistantFor(tables);
    const task = invokedTask('malformed', 'timed', ATTEMPT);
    await db.put(tables.names.tasks, task);
    const error: unknown = await assistant
      .handle(throttled('malformed', 'timed', fields))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
    expect(await taskOf(db, 'malformed')).toEqual(task);
    expect(await metaOf(db, tables, 'malformed')).toEqual([]);
    expect(stats.current().events_invalid).toBe(1);
  });
});
