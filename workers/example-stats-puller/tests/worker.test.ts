import { ValidationError } from '@sosw/core';
import { FatalError, RetryableError, type WorkerLogger } from '@sosw/worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  figuresOf,
  RESULTS_TABLE_ENV,
  SimulatedStatsApi,
  StatsPullerConfigError,
  statsPullerWorker,
  type StatsPullerOptions,
} from '../src/index.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';
import { createResultsTable } from './helpers/results-table.js';

const quiet: WorkerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const lambdaContext = { getRemainingTimeInMillis: () => 60_000 };

let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;
let results: Awaited<ReturnType<typeof createResultsTable>>;
beforeAll(async () => {
  assistant = await startAssistantRecorder();
  results = await createResultsTable();
});
afterAll(async () => {
  await assistant.stop();
  await results.drop();
});

/** An API with no latency and, unless told otherwise, no failures: its randomness fixed. */
const api = (options: ConstructorParameters<typeof SimulatedStatsApi>[0] = {}) =>
  new SimulatedStatsApi({ random: () => 0.5, sleep: () => Promise.resolve(), ...options });

const worker = (options: StatsPullerOptions = {}) =>
  statsPullerWorker({ resultsTable: results.name, logger: quiet, api: api(), ...options });

/** The event of a claimed task, as the orchestrator sends it. */
const taskEvent = (taskId: string, payload: Record<string, unknown>, attempts = 1) => ({
  ...payload,
  task_id: taskId,
  labourer_id: 'example_stats_puller',
  created_at: 1_700_000_000,
  greenfield: 1_731_557_600,
  attempts,
});

const payload = {
  sections: ['toys'],
  stores: ['store_a', 'store_b'],
  date_list: ['2024-05-01', '2024-05-02'],
};

describe('the stats puller, reporting to a recorded worker-assistant, writing to DynamoDB Local', () => {
  it('a normal run writes a row per store and day, and reports rows and api_calls', async () => {
    const handler = worker();

    await expect(handler(taskEvent('t-normal', payload), lambdaContext)).resolves.toEqual({
      section: 'toys',
      stores: 2,
      dates: 2,
      rows: 4,
    });

    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 't-normal',
        labourer_id: 'example_stats_puller',
        stats: { api_calls: 4, rows: 4 },
        result: { section: 'toys', stores: 2, dates: 2, rows: 4 },
      },
    ]);
    const rows = await results.rows();
    expect(rows.map((row) => row.store_date)).toEqual([
      'store_a#2024-05-01',
      'store_a#2024-05-02',
      'store_b#2024-05-01',
      'store_b#2024-05-02',
    ]);
    expect(rows[0]).toMatchObject({
      ...figuresOf('store_a', '2024-05-01'),
      section: 'toys',
      task_id: 't-normal',
      attempt: 1,
    });
  });

  it('a second run of the task (a retry) overwrites the same rows: no duplicates, same figures', async () => {
    const before = await results.rows();

    await worker()(taskEvent('t-normal', payload, 2), lambdaContext);

    const after = await results.rows();
    expect(after).toHaveLength(before.length);
    expect(after.map((row) => row.store_date)).toEqual(before.map((row) => row.store_date));
    expect(after.map((row) => row.orders)).toEqual(before.map((row) => row.orders));
    expect(after.every((row) => row.attempt === 2)).toBe(true);
    expect(await assistant.reports()).toMatchObject([
      { action: 'mark_task_as_completed', stats: { rows: 4 } },
    ]);
  });

  it('a rate limit reports the task failed (retryable), with the reason, and writes nothing', async () => {
    let calls = 0;
    // The third call is rate limited: the roll after each latency is 0.5, except then.
    const rolls = [0.5, 0.5, 0.5, 0.5, 0.5, 0.01];
    const limited = api({ rateLimitRate: 0.05, random: () => rolls[calls++ % rolls.length] ?? 0.5 });
    const handler = worker({ api: limited });
    const rowsBefore = (await results.rows()).length;

    const event = taskEvent('t-limited', { ...payload, stores: ['store_c', 'store_d'] });
    const failure = await handler(event, lambdaContext).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RetryableError);
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_failed',
        task_id: 't-limited',
        labourer_id: 'example_stats_puller',
        stats: { api_calls: 3 },
        reason:
          'RetryableError: stats API rate limit reached while reading store "store_d"; retry after 30 s',
      },
    ]);
    expect(await results.rows()).toHaveLength(rowsBefore);
  });

  it('an unknown store buries the task now (mark_task_as_dead)', async () => {
    const event = taskEvent('t-closed', { ...payload, stores: ['closed_9'] });

    await expect(worker()(event, lambdaContext)).rejects.toBeInstanceOf(FatalError);

    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_dead',
        task_id: 't-closed',
        labourer_id: 'example_stats_puller',
        stats: { api_calls: 1 },
        reason: 'FatalError: stats API has no store "closed_9" (404)',
      },
    ]);
  });

  it('an invalid payload is reported dead with the failing field named, and calls no API', async () => {
    const counting = api();
    const event = taskEvent('t-invalid', { ...payload, date_list: ['2024-05-01', 'May 2nd'] });

    await expect(worker({ api: counting })(event, lambdaContext)).rejects.toBeInstanceOf(ValidationError);

    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_dead',
        task_id: 't-invalid',
        labourer_id: 'example_stats_puller',
        stats: {},
        reason: 'ValidationError: input of task t-invalid is invalid: date_list[1]: Invalid ISO date',
      },
    ]);
    expect(counting.calls).toBe(0);
  });

  it('takes the results table from STATS_PULLER_RESULTS_TABLE, and refuses to start without one', async () => {
    try {
      vi.stubEnv(RESULTS_TABLE_ENV, results.name);
      const handler = statsPullerWorker({ logger: quiet, api: api() });
      await handler(taskEvent('t-env', { ...payload, stores: ['store_env'] }), lambdaContext);
      expect((await results.rows()).map((row) => row.store_date)).toContain('store_env#2024-05-02');
      expect(await assistant.reports()).toMatchObject([
        { action: 'mark_task_as_completed', task_id: 't-env' },
      ]);

      vi.stubEnv(RESULTS_TABLE_ENV, '');
      expect(() => statsPullerWorker()).toThrow(StatsPullerConfigError);
      expect(() => statsPullerWorker()).toThrow(RESULTS_TABLE_ENV);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
