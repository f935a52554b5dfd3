import { nowSeconds, type Clock } from '@sosw/core';
import { FatalError, RetryableError, type WorkerContext } from '@sosw/worker';
import { ApiUnavailableError, RateLimitedError, UnknownStoreError } from './errors.js';
import type { StatsPullerPayload } from './payload.js';
import { resultKey, type ResultsWriter, type StatsRow } from './results-store.js';
import type { StatsApi } from './stats-api.js';

/** What `pullStats` works with. */
export interface PullStatsDeps {
  api: StatsApi;
  results: ResultsWriter;
  /** Stamps `pulled_at`; default the system clock. */
  clock?: Clock;
}

/** What a task reports as its result (`result_*`). */
export interface PullStatsResult {
  section: string;
  stores: number;
  dates: number;
  rows: number;
}

/**
 * The API's errors in the worker SDK's terms, which decide the task's fate: a rate limit or an outage is
 * retryable (the scavenger retries the task later); an unknown store is fatal (the task is buried now,
 * since no retry can make the store exist).
 *
 * @example
 * flowError(new UnknownStoreError('closed_1')); // a FatalError
 */
export function flowError(error: unknown): unknown {
  if (error instanceof RateLimitedError || error instanceof ApiUnavailableError) {
    return new RetryableError(error.message, { cause: error });
  }
  if (error instanceof UnknownStoreError) return new FatalError(error.message, { cause: error });
  return error;
}

/**
 * One task's work: asks the API for each store and day of the payload, then writes a row per store and
 * day to the results table, keyed `<store>#<date>`. Counts `api_calls` (failed ones included) and `rows`.
 * Nothing is written unless every call succeeded; a retry writes the same keys, so it never duplicates.
 * Stops with a `RetryableError` when the SDK's timeout guard aborts `context.signal`.
 *
 * @example
 * export const handler = defineWorker((input, context) => pullStats(input, context, { api, results }), {
 *   schema: statsPullerPayloadSchema,
 * });
 */
export async function pullStats(
  input: StatsPullerPayload,
  context: Pick<WorkerContext, 'stats' | 'task_id' | 'attempt' | 'signal'>,
  deps: PullStatsDeps,
): Promise<PullStatsResult> {
  const [section] = input.sections as [string];
  // A store or date given twice is one row, and BatchWriteItem refuses two puts of one key.
  const stores = [...new Set(input.stores)];
  const dates = [...new Set(input.date_list)];
  const rows: StatsRow[] = [];
  for (const store of stores) {
    for (const date of dates) {
      if (context.signal.aborted) {
        throw new RetryableError(`stopped before Lambda's timeout, at store "${store}" date ${date}`);
      }
      context.stats.increment('api_calls');
      let figures;
      try {
        figures = await deps.api.dailyStats(store, date);
      } catch (error) {
        throw flowError(error);
      }
      rows.push({
        ...figures,
        store_date: resultKey(store, date),
        section,
        task_id: context.task_id ?? null,
        attempt: context.attempt,
        pulled_at: nowSeconds(deps.clock),
      });
    }
  }
  await deps.results.write(rows);
  context.stats.increment('rows', rows.length);
  return { section, stores: stores.length, dates: dates.length, rows: rows.length };
}
