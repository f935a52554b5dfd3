import { DynamoClient } from '@sosw/dynamo-client';
import type { DailyStats } from './stats-api.js';

/** A row of the results table: one store's figures for one day, and who wrote it last. */
export type StatsRow = DailyStats & {
  /** The key (`RESULTS_KEY`), `<store>#<date>`: the same whatever task or attempt writes it. */
  store_date: string;
  section: string;
  /** The task and attempt that wrote the row last. */
  task_id: string | null;
  attempt: number;
  /** When it was written (epoch seconds). */
  pulled_at: number;
};

/**
 * The results table's key of a store and a day. Not the task, not the attempt: a retry, or another task
 * covering the same store and day, overwrites the row instead of adding one.
 *
 * @example
 * resultKey('store_1', '2024-05-01'); // 'store_1#2024-05-01'
 */
export function resultKey(store: string, date: string): string {
  return `${store}#${date}`;
}

/** Where the worker writes its rows; {@link ResultsStore} on DynamoDB, anything alike in a test. */
export interface ResultsWriter {
  write(rows: readonly StatsRow[]): Promise<void>;
}

/**
 * The results table on DynamoDB: rows are written with `BatchWriteItem` puts (unprocessed items retried
 * with backoff by `@sosw/dynamo-client`). A put replaces a row with the same key, so writing the same rows
 * twice leaves the table as writing them once.
 *
 * @example
 * const store = new ResultsStore({ tableName: 'stats_results' });
 * await store.write([row]);
 */
export class ResultsStore implements ResultsWriter {
  readonly tableName: string;
  readonly #db: DynamoClient;

  constructor(options: { tableName: string; db?: DynamoClient }) {
    this.tableName = options.tableName;
    this.#db = options.db ?? new DynamoClient();
  }

  async write(rows: readonly StatsRow[]): Promise<void> {
    if (rows.length > 0) await this.#db.batchPut(this.tableName, [...rows]);
  }
}
