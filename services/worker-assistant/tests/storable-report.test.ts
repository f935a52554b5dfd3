import { REPORT_LIMITS, ValidationError } from '@sosw/core';
import { callsStat } from '@sosw/dynamo-client';
import type { TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantFor, invokedTask, metaOf, NOW } from './helpers/factories.js';

/**
 * `stats` and `result` that the SDK or DynamoDB would refuse to store are refused by the event schema,
 * naming the value, before anything is read or written; reports just inside each limit are stored as
 * sent, on DynamoDB Local (so a limit that were too generous would fail here with DynamoDB's own error).
 * The rule itself (`REPORT_LIMITS`, `reportFlaws`) lives in @sosw/core, whose tests take it case by case;
 * these keep what needs the worker-assistant and DynamoDB Local: the refusal before any write, and the
 * measurements that place each limit.
 */

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

/** `{"a": {"a": ... 1}}`, `levels` objects deep, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}
const keys = (count: number, prefix = 'k') =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, i]));
/** `a.a.a...` as `formatPath` names it, `count` times. */
const dots = (count: number) => Array.from({ length: count }, () => 'a').join('.');

let run = 0;
async function reportOn(field: 'stats' | 'result', value: unknown, action = 'mark_task_as_completed') {
  const { assistant, db, stats } = assistantFor(tables);
  const taskId = `sr-${run++}`;
  const task = invokedTask(taskId);
  await db.put(tables.names.tasks, task);
  db.stats.reset();
  const outcome = assistant.handle({ action, task_id: taskId, [field]: value }).then(
    ({ outcome }) => outcome,
    (error: unknown) => error,
  );
  return { db, stats, task, taskId, outcome: await outcome };
}

describe('stats and result DynamoDB cannot store', () => {
  // One case of each rule, to show the schema applies it; core's tests/storable-report.test.ts has every case.
  it.each([
    [
      'a number over 2^53 (the SDK refuses it)',
      'stats',
      { n: 1e200 },
      'stats.n',
      'number 1e+200 cannot be stored',
    ],
    [
      'nesting 5,000 levels (no stack overflow)',
      'stats',
      { d: nested(5000) },
      `stats.d.${dots(31)}`,
      'nested deeper',
    ],
    ['an empty key inside a map', 'result', { a: { '': 1 } }, 'result.a[""]', 'empty key'],
    [
      '101 keys (the update expression would pass 4 KB)',
      'stats',
      keys(101),
      'stats',
      'has 101 keys, over the 100',
    ],
    [
      'a 420 KB string (the item would pass 400 KB)',
      'stats',
      { s: 'x'.repeat(420_000) },
      'stats',
      'bytes of JSON',
    ],
    ['a Date (not JSON)', 'stats', { at: new Date(0) }, 'stats.at', 'expected a JSON value, got Date'],
    ['the same flaw sent as JSON text', 'stats', '{"n": 1e200}', 'stats.n', 'cannot be stored'],
  ] as const)('refuses %s naming %s, before any read or write', async (_, field, value, path, message) => {
    const { db, stats, task, taskId, outcome } = await reportOn(field, value);

    expect(outcome).toBeInstanceOf(ValidationError);
    const error = outcome as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).toContain(message);
    // Refused in the schema: no DynamoDB request at all, and the refusal counted.
    expect(Object.keys(db.stats.current()).filter((name) => name.startsWith('dynamodb_'))).toEqual([]);
    expect(stats.current()).toMatchObject({ events_invalid: 1 });
    expect(await db.get<TaskRow>(tables.names.tasks, { task_id: taskId }, { consistent: true })).toEqual(
      task,
    );
    expect(await metaOf(db, tables, taskId)).toEqual([]);
  });

  it('refuses a failure and a death with such a report too', async () => {
    for (const action of ['mark_task_as_failed', 'mark_task_as_dead']) {
      const { outcome, db, task, taskId } = await reportOn('result', { n: 1e-200 }, action);
      expect(outcome, action).toBeInstanceOf(ValidationError);
      expect(await db.get(tables.names.tasks, { task_id: taskId }, { consistent: true })).toEqual(task);
    }
  });

  it('refuses stats and result over 40,000 bytes together, though each is under', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('sr-both'));
    const half = { s: 'x'.repeat(REPORT_LIMITS.maxBytes / 2) };
    const error = await assistant
      .handle({
        action: 'mark_task_as_completed',
        task_id: 'sr-both',
        stats: half,
        result: { ...half, t: 1 },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ValidationError);
    const { issues } = error as ValidationError;
    expect(issues.map((issue) => issue.path)).toEqual(['result']);
    expect(issues[0]?.message).toContain('stats and result are 40024 bytes of JSON together');
  });

  it('lists at most ten flaws of a report full of them', async () => {
    const { outcome } = await reportOn(
      'stats',
      Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`n${i}`, 1e200])),
    );
    expect((outcome as ValidationError).issues).toHaveLength(10);
  });
});

describe('stats and result just inside the limits', () => {
  it.each([
    ['32 levels, counting stats', { d: nested(31) }],
    ['32 levels through lists', { d: [[[nested(28)]]] }],
    ['the largest safe integers', { max: Number.MAX_SAFE_INTEGER, min: -Number.MAX_SAFE_INTEGER }],
    ['fractions near 2^53', { n: 2 ** 52 + 0.5 }],
    ['1e-130, the smallest magnitude', { small: 1e-130, negative: -1e-130, zero: 0 }],
    ['17 significant digits', { third: 1 / 3, tiny: 1.2345678901234567e-100 }],
    ['100 keys', keys(100)],
    ['keys in every script', { ключ: 'значение', 鍵: '値', 'emoji 🙂': '🙂', 'a.b': 1, '#x': 2 }],
  ])('stores %s as sent', async (_, stats) => {
    const { db, taskId, outcome } = await reportOn('stats', stats);
    expect(outcome).toBe('completed');
    const row = await db.get<Record<string, unknown>>(
      tables.names.tasks,
      { task_id: taskId },
      { consistent: true },
    );
    for (const [key, value] of Object.entries(stats)) expect(row?.[`stat_${key}`], key).toEqual(value);
    expect(row?.completed_at).toBe(NOW);
  });

  it('stores 100 keys of stats and 100 of result, with names of 100 characters, in one update expression', async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(tables.names.tasks, invokedTask('sr-200'));
    const long = 'k'.repeat(100);
    const stats = keys(100, `${long}s`);
    const result = keys(100, `${long}r`);
    expect(
      (
        await assistant.handle({
          action: 'mark_task_as_failed',
          task_id: 'sr-200',
          labourer_id: 'timed',
          stats,
          result,
        })
      ).outcome,
    ).toBe('failed');
    const row = await db.get<Record<string, unknown>>(
      tables.names.tasks,
      { task_id: 'sr-200' },
      { consistent: true },
    );
    expect(row?.[`stat_${long}s99`]).toBe(99);
    expect(row?.[`result_${long}r99`]).toBe(99);
    expect(db.stats.current()[callsStat('TransactWriteItems')]).toBe(1);
  });

  it("stores 40,000 bytes of stats and result beside a payload of 350,000 (task-manager's largest)", async () => {
    const { assistant, db } = assistantFor(tables);
    await db.put(
      tables.names.tasks,
      invokedTask('sr-big', 'timed', { payload: JSON.stringify('p'.repeat(349_998)) }),
    );
    const stats = { s: '€'.repeat(5_000) }; // 15,000 bytes of UTF-8
    const result = { s: 'x'.repeat(REPORT_LIMITS.maxBytes - 15_000 - 2 * 9) }; // exactly maxBytes as inspectReport counts
    expect(
      (await assistant.handle({ action: 'mark_task_as_completed', task_id: 'sr-big', stats, result }))
        .outcome,
    ).toBe('completed');
    const row = await db.get<Record<string, unknown>>(
      tables.names.tasks,
      { task_id: 'sr-big' },
      { consistent: true },
    );
    expect(row).toMatchObject({ stat_s: stats.s, result_s: result.s });
  });
});

describe('the limits are where the SDK or DynamoDB refuses the write', () => {
  // Past the schema, straight to the task manager: one step beyond each limit, the write itself fails
  // with an untyped error, which is what the schema spares the worker. If DynamoDB grew more lenient,
  // these would say so.
  it.each([
    ['33 levels', { d: nested(32) }, 'Nesting Levels have exceeded supported limits'],
    ['2^53', { n: 2 ** 53 }, 'greater than Number.MAX_SAFE_INTEGER'],
    ['9.9e-131', { n: 9.9e-131 }, 'Number underflow'],
    ['an empty key in a map', { a: { '': 1 } }, 'Empty attribute name'],
    ['300 keys', keys(300), 'Expression size has exceeded the maximum allowed size'],
  ])('%s', async (_, stats, message) => {
    const { assistant, db } = assistantFor(tables);
    const taskId = `sr-raw-${run++}`;
    await db.put(tables.names.tasks, invokedTask(taskId));
    await expect(assistant.taskManager.markCompleted(taskId, { labourerId: 'timed', stats })).rejects.toThrow(
      message,
    );
    expect(await db.get(tables.names.tasks, { task_id: taskId }, { consistent: true })).toEqual(
      invokedTask(taskId),
    );
  });
});
