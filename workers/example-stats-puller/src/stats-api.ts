import { setTimeout as sleepFor } from 'node:timers/promises';
import { ApiUnavailableError, RateLimitedError, StatsApiError, UnknownStoreError } from './errors.js';
import { stableHash, type Random } from './random.js';

/** One store's figures for one day, as the stats API answers them. */
export type DailyStats = {
  store: string;
  /** `YYYY-MM-DD` */
  date: string;
  orders: number;
  visits: number;
  revenue_cents: number;
};

/** What the worker needs from a stats API: a real client would implement this too. */
export interface StatsApi {
  /** One store's figures for one day. */
  dailyStats(store: string, date: string): Promise<DailyStats>;
}

/** Options of {@link SimulatedStatsApi}. */
export interface SimulatedStatsApiOptions {
  /** Where latency and failures come from; default `Math.random`. Give `seededRandom(n)` to replay a run. */
  random?: Random;
  /** The latency of a call, uniform in `[min, max]` ms; default `{ min: 5, max: 40 }`. */
  latencyMs?: { min: number; max: number };
  /** The share of calls refused with a rate limit (429), 0..1; default 0.02. */
  rateLimitRate?: number;
  /** The share of calls that fail for a moment (503), 0..1; default 0.01. */
  failureRate?: number;
  /** The `Retry-After` of a rate limit; default 30 s. */
  retryAfterSeconds?: number;
  /** Which stores exist; default every store whose id does not start with `closed_`. */
  knowsStore?: (store: string) => boolean;
  /** How to wait; default a timer. Tests may pass one that does not wait. */
  sleep?: (ms: number) => Promise<unknown>;
}

const rate = (name: string, value: number): number => {
  if (!(value >= 0 && value <= 1))
    throw new StatsApiError(`SimulatedStatsApi ${name} must be from 0 to 1, got ${value}`);
  return value;
};

/**
 * A stand-in for a third-party stats API, with what makes real ones hard: latency, rate limits (429),
 * brief outages (503) and stores it does not know (404). The figures of a store and a day are derived from
 * their names, so they are the same on every call (a retry writes the same numbers). Latency and failures
 * come from `random`; a seeded `random` replays the same run.
 *
 * @example
 * const api = new SimulatedStatsApi({ random: seededRandom(7), rateLimitRate: 0.1 });
 * await api.dailyStats('store_1', '2024-05-01'); // { store: 'store_1', date: '2024-05-01', orders: ..., ... }
 * api.calls; // 1
 */
export class SimulatedStatsApi implements StatsApi {
  /** Calls made so far, failed ones included. */
  calls = 0;
  readonly #random: Random;
  readonly #latency: { min: number; max: number };
  readonly #rateLimitRate: number;
  readonly #failureRate: number;
  readonly #retryAfterSeconds: number;
  readonly #knowsStore: (store: string) => boolean;
  readonly #sleep: (ms: number) => Promise<unknown>;

  constructor(options: SimulatedStatsApiOptions = {}) {
    this.#random = options.random ?? Math.random;
    this.#latency = options.latencyMs ?? { min: 5, max: 40 };
    if (!(this.#latency.min >= 0 && this.#latency.max >= this.#latency.min)) {
      throw new StatsApiError(
        `SimulatedStatsApi latencyMs must have 0 <= min <= max, got ${this.#latency.min}..${this.#latency.max}`,
      );
    }
    this.#rateLimitRate = rate('rateLimitRate', options.rateLimitRate ?? 0.02);
    this.#failureRate = rate('failureRate', options.failureRate ?? 0.01);
    this.#retryAfterSeconds = options.retryAfterSeconds ?? 30;
    this.#knowsStore = options.knowsStore ?? ((store) => !store.startsWith('closed_'));
    this.#sleep = options.sleep ?? sleepFor;
  }

  /**
   * One store's figures for one day, after a simulated latency.
   *
   * @throws {UnknownStoreError} the store does not exist (never gets better)
   * @throws {RateLimitedError} too many requests: try again after `retryAfterSeconds`
   * @throws {ApiUnavailableError} a brief outage: try again later
   */
  async dailyStats(store: string, date: string): Promise<DailyStats> {
    this.calls += 1;
    const { min, max } = this.#latency;
    await this.#sleep(min + this.#random() * (max - min));
    if (!this.#knowsStore(store)) throw new UnknownStoreError(store);
    const roll = this.#random();
    if (roll < this.#rateLimitRate) throw new RateLimitedError(store, this.#retryAfterSeconds);
    if (roll < this.#rateLimitRate + this.#failureRate) throw new ApiUnavailableError(store);
    return figuresOf(store, date);
  }
}

/**
 * The figures the simulated API answers for a store and a day: derived from their names only.
 *
 * @example
 * figuresOf('store_1', '2024-05-01').orders === figuresOf('store_1', '2024-05-01').orders; // true
 */
export function figuresOf(store: string, date: string): DailyStats {
  const hash = stableHash(`${store}#${date}`);
  const visits = 100 + (hash % 900);
  const orders = Math.floor(visits / (5 + ((hash >>> 10) % 10)));
  return { store, date, orders, visits, revenue_cents: orders * (1_000 + ((hash >>> 4) % 9_000)) };
}
