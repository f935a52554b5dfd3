import { SoswError } from '@sosw/core';

/**
 * The root of the errors of the simulated stats API. The worker turns them into the SDK's flow-control
 * errors (see `pullStats`): the API does not know about sosw, as a real one would not.
 *
 * @example
 * if (error instanceof StatsApiError) logger.warn(error.message);
 */
export class StatsApiError extends SoswError {}

/**
 * The API refused the call: too many requests (HTTP 429). Calling again later succeeds.
 *
 * @example
 * throw new RateLimitedError('store_1', 30);
 */
export class RateLimitedError extends StatsApiError {
  readonly retryAfterSeconds: number;

  constructor(store: string, retryAfterSeconds: number) {
    super(`stats API rate limit reached while reading store "${store}"; retry after ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The API failed for a moment (HTTP 503). Calling again later succeeds.
 *
 * @example
 * throw new ApiUnavailableError('store_1');
 */
export class ApiUnavailableError extends StatsApiError {
  constructor(store: string) {
    super(`stats API unavailable (503) while reading store "${store}"`);
  }
}

/**
 * The API has no such store (HTTP 404). Calling again never succeeds.
 *
 * @example
 * throw new UnknownStoreError('closed_7');
 */
export class UnknownStoreError extends StatsApiError {
  readonly store: string;

  constructor(store: string) {
    super(`stats API has no store "${store}" (404)`);
    this.store = store;
  }
}

/**
 * The worker was built without a results table: no `resultsTable` option and no environment variable.
 *
 * @example
 * throw new StatsPullerConfigError('STATS_PULLER_RESULTS_TABLE is not set and no resultsTable was given');
 */
export class StatsPullerConfigError extends SoswError {}
