import { reportFlaws, ValidationError, type ReportFields } from '@sosw/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineWorker, type WorkerAssistantEvent } from '../src/index.js';
import { ATTEMPT_1, lambdaContext, recordingLogger, taskEvent } from './helpers/factories.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';

/**
 * The worker SDK checks a report against core's `reportFlaws`, the rule the worker-assistant refuses
 * reports by, before sending it: the worker-assistant is invoked asynchronously, so a report it refused would
 * be lost and the task would expire, be retried and die with no reason given. Reports go through the real
 * LambdaClient to a local endpoint that records them.
 */

let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
beforeAll(async () => {
  assistant = await startAssistantRecorder();
});
afterAll(() => assistant.stop());

const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));

/** The recorded reports, each checked to be one the worker-assistant would accept. */
async function acceptedReports(): Promise<WorkerAssistantEvent[]> {
  const reports = (await assistant.reports()) as WorkerAssistantEvent[];
  for (const report of reports) expect(reportFlaws(report as ReportFields), report.action).toEqual([]);
  return reports;
}

describe('defineWorker: a completion the worker-assistant could not store', () => {
  it.each([
    [
      '60 KB of result',
      { blob: 'x'.repeat(60_000) },
      'result: stats and result are 60023 bytes of JSON together, over the 40000 a report may take',
    ],
    ['150 keys of result', keys(150), 'result: has 150 keys, over the 100 a report may have'],
    [
      'a number DynamoDB cannot hold, deep in the result',
      { totals: [{ n: 1e200 }] },
      'result.totals[0].n: number 1e+200 cannot be stored',
    ],
    ['a number returned on its own, reported as { value }', 2 ** 53, 'result.value: number 9007199254740992'],
    ['an empty key', { '': 'blank' }, 'result[""]: empty key'],
    [
      'a bigint, which JSON cannot even send',
      { big: 1n },
      'result: cannot be sent as JSON (TypeError: Do not know how to serialize a BigInt)',
    ],
  ])(
    'reports %s as mark_task_as_dead naming the field and the limit, and throws, as for invalid input',
    async (_, result, reason) => {
      const logger = recordingLogger();
      const handler = defineWorker(
        (_input, { stats }) => {
          stats.increment('rows', 3);
          return result;
        },
        { logger },
      );

      const error: unknown = await handler(taskEvent({}), lambdaContext()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(`report of task task-1 cannot be stored: ${reason}`);
      const reports = await acceptedReports();
      expect(reports).toEqual([
        {
          action: 'mark_task_as_dead',
          task_id: 'task-1',
          labourer_id: 'echo',
          ...ATTEMPT_1,
          stats: { rows: 3 }, // storable on their own, so kept
          reason: expect.stringContaining(
            `ValidationError: report of task task-1 cannot be stored: ${reason}`,
          ) as string,
        },
      ]);
      // The worker's own log says the same, as an error.
      const errors = logger.lines.filter((line) => line.level === 'error');
      expect(errors).toEqual([
        {
          level: 'error',
          message: 'task dead',
          extra: [expect.objectContaining({ reason: reports[0]!.reason })],
        },
      ]);
    },
  );

  it('with rethrow: false reports the death and returns undefined', async () => {
    const handler = defineWorker(() => keys(101), { logger: recordingLogger(), rethrow: false });
    await expect(handler(taskEvent({}), lambdaContext())).resolves.toBeUndefined();
    expect(await acceptedReports()).toMatchObject([
      { action: 'mark_task_as_dead', reason: expect.stringContaining('result: has 101 keys') as string },
    ]);
  });

  it('buries the task for stats it cannot store, and leaves those stats out of the report', async () => {
    const logger = recordingLogger();
    const handler = defineWorker(
      (_input, { stats }) => {
        for (let i = 0; i < 150; i++) stats.increment(`metric_${i}`);
        return { rows: 3 };
      },
      { logger },
    );

    await expect(handler(taskEvent({}), lambdaContext())).rejects.toThrow(
      'report of task task-1 cannot be stored: stats: has 150 keys, over the 100 a report may have',
    );
    const [report, ...others] = await acceptedReports();
    expect(others).toEqual([]);
    expect(report).toEqual({
      action: 'mark_task_as_dead',
      task_id: 'task-1',
      labourer_id: 'echo',
      ...ATTEMPT_1,
      reason: expect.stringMatching(
        /^ValidationError: report of task task-1 cannot be stored: stats: has 150 keys/,
      ) as string,
    });
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([
      'task dead',
      'report fields that cannot be stored are left out of the report',
    ]);
  });
});

describe('defineWorker: failures with stats the worker-assistant could not store', () => {
  it('still reports the failure, without the stats, and logs what was left out', async () => {
    const logger = recordingLogger();
    const handler = defineWorker(
      (_input, { stats }) => {
        for (let i = 0; i < 120; i++) stats.increment(`metric_${i}`);
        throw new Error('socket hang up');
      },
      { logger },
    );

    await expect(handler(taskEvent({}), lambdaContext())).rejects.toThrow('socket hang up');
    expect(await acceptedReports()).toEqual([
      {
        action: 'mark_task_as_failed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        reason: 'Error: socket hang up',
      },
    ]);
    expect(logger.lines.filter((line) => line.level === 'error')).toContainEqual({
      level: 'error',
      message: 'report fields that cannot be stored are left out of the report',
      extra: [
        expect.objectContaining({
          action: 'mark_task_as_failed',
          left_out: 'stats: has 120 keys, over the 100 a report may have',
        }),
      ],
    });
  });
});

describe('defineWorker: a completion it can store goes out unchanged', () => {
  it.each([
    ['100 keys of result', keys(100)],
    ['40,000 bytes of result and empty stats ({}: 2 bytes)', { s: 'x'.repeat(40_000 - 9 - 2) }],
    ['the largest safe integer', { n: Number.MAX_SAFE_INTEGER, small: 1e-130 }],
  ])('%s', async (_, result) => {
    const handler = defineWorker(() => result, { logger: recordingLogger() });
    await expect(handler(taskEvent({}), lambdaContext())).resolves.toBe(result);
    expect(await acceptedReports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        result,
      },
    ]);
  });

  it('checks the report as it is sent, JSON: a Date arrives as text and an undefined field not at all', async () => {
    const at = new Date('2024-05-06T07:08:09.010Z');
    const handler = defineWorker(() => ({ at, error: undefined, rows: 3 }), { logger: recordingLogger() });
    await handler(taskEvent({}), lambdaContext());
    expect(await acceptedReports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'task-1',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: {},
        result: { at: '2024-05-06T07:08:09.010Z', rows: 3 },
      },
    ]);
  });
});
