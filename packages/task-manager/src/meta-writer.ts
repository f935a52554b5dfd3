import { BATCH_WRITE_LIMIT, UnprocessedItemsError } from '@sosw/dynamo-client';
import { describeError, type TaskManagerContext } from './context.js';
import { TASK_STATS } from './stat-names.js';
import type { MetaRow } from './types.js';

/**
 * Writes meta rows in batches (25 per `BatchWriteItem`) while the work they describe goes on: a batch is
 * sent as soon as it is full, and `flush` sends the rest and waits for all. For meta rows of changes that
 * are already committed (a claim, an archive transaction), so that writing them costs a twenty-fifth of a
 * call and one write unit each instead of a call (or, inside a transaction, two write units) each.
 *
 * Why this is safe: a meta row is the history of a task, never its state. Every row has its own key
 * (`task_id` + a `created_at` that never repeats in a process), so writing it late, or twice, changes
 * nothing else. A crash before a batch is written loses those rows and no task: the change they describe
 * is already in the task tables. A failed batch is counted (`tasks_meta_rows_lost`) and logged, never
 * thrown: the work it describes is done and must not be reported as failed.
 *
 * @example
 * const writer = new MetaRowWriter(ctx, 'invoked');
 * writer.add(meta(ctx, task, 'invoked'));
 * await writer.flush();
 */
export class MetaRowWriter {
  #pending: MetaRow[] = [];
  readonly #sending: Promise<void>[] = [];

  /** @param what - the rows' events, for the log line of a lost batch */
  constructor(
    private readonly ctx: TaskManagerContext,
    private readonly what: string,
  ) {}

  /** Queues rows; a full batch is sent at once, without waiting for it. */
  add(...rows: readonly MetaRow[]): void {
    this.#pending.push(...rows);
    while (this.#pending.length >= BATCH_WRITE_LIMIT) this.#send(this.#pending.splice(0, BATCH_WRITE_LIMIT));
  }

  /** Sends what is left and waits for every batch. Never throws. */
  async flush(): Promise<void> {
    if (this.#pending.length > 0) this.#send(this.#pending.splice(0));
    await Promise.all(this.#sending);
  }

  #send(rows: MetaRow[]): void {
    this.#sending.push(
      this.ctx.db.batchPut(this.ctx.tables.meta, rows).catch((error: unknown) => {
        const lost = error instanceof UnprocessedItemsError ? error.unprocessed.length : rows.length;
        this.ctx.stats.increment(TASK_STATS.metaRowsLost, lost);
        this.ctx.logger.warn(`could not write the meta rows of ${this.what} tasks; the tasks are fine`, {
          rows: lost,
          error: describeError(error),
        });
      }),
    );
  }
}
