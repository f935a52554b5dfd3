import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { runWindow, taskState, type Timing } from '@sosw/task-manager';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningSample } from './types.js';

/**
 * The greenfield index of the tasks table (DESIGN §3; `INDEXES.greenfield` of `@sosw/tables`, which this
 * package does not depend on). Index names carry no table prefix.
 */
const GREENFIELD_INDEX = 'sosw_tasks_greenfield';

/** Milliseconds between two samples (from the end of one to the start of the next), by default. */
export const DEFAULT_SAMPLE_INTERVAL_MS = 150;

/** A sample whose request takes longer than this is dropped: a slow DynamoDB must not pile samples up. */
const SAMPLE_TIMEOUT_MS = 2_000;

/** Options of a `RunningSampler`. */
export interface RunningSamplerOptions {
  /** The tasks table's name (with the scenario's prefix). */
  tasksTable: string;
  /** The labourer watched, and its timing: what "running" means for its tasks. */
  labourer: { id: string } & Timing;
  /** Milliseconds between two samples; default `DEFAULT_SAMPLE_INTERVAL_MS` (`CHAOS_CAP_SAMPLE_MS`). */
  intervalMs?: number;
  /** The budget: a sample above it keeps the running tasks' ids, as evidence for the report. */
  budget: number;
}

/** What a sampler saw, for the scenario's summary line. */
export interface SamplerFigures {
  /** Samples taken. */
  samples: number;
  /** Samples dropped: DynamoDB failed or was too slow, or the answer took more than one page. */
  skipped: number;
  /** The most tasks seen running at once. */
  max: number;
  /** The most tasks of one concurrency key seen running at once (0 when no task had a key). */
  maxPerKey: number;
}

/**
 * Watches one labourer's running tasks while a chaos scenario runs, so the checker can tell whether its
 * budget was ever exceeded (`cap_exceeded`). "Running" is task-manager's `taskState`: a row of the tasks
 * table with `greenfield > expired(now)` and no `completed_at`.
 *
 * Each sample is one Query of the greenfield index: `labourer_id = L AND greenfield > expired(now)`,
 * filtered on `completed_at` absent, projecting only `task_id` and `greenfield`. Why the index and not a
 * strongly consistent Scan of the table: the Query reads only the tasks claimed within the last
 * `duration + cooldown` seconds, so its cost stays small whatever the size of the queue (5,000 queued
 * tasks in the load scenario, read every 150 ms, would load the DynamoDB Local that is the system's
 * bottleneck). A GSI cannot be read strongly consistent in AWS, but DynamoDB Local updates it in the
 * same write as the table, so here it is as current as the table.
 *
 * A sample must not claim a violation that did not happen:
 * - the expiry line is taken when the answer arrives, not when the request leaves: the rows were read
 *   at some moment in between, and an orchestrator that judged a task expired at that moment (and filled
 *   its slot) used a line no later than ours, so we never count a task its holder rightly let go of;
 * - a one-page answer is taken as one instant (DynamoDB Local reads a page in one query of its SQLite
 *   store; an assumption about its insides, not a documented promise), but a sample of several pages
 *   certainly is not: a task of the first page may complete, and a new one be claimed into the
 *   second, between the two. Such a sample could count one task too many, so it is skipped (and
 *   counted as such); the key range is small enough that it is rare (`figures().skipped` says how rare).
 *
 * And it must not make a scenario flaky: one request at a time, one page (1 MB) at most, `SAMPLE_TIMEOUT_MS`
 * each, no retries; a failed sample (DynamoDB restarting, faulted) is skipped, never thrown.
 *
 * @example
 * const sampler = new RunningSampler({ tasksTable, labourer: { id: 'chaos_worker', duration: 3, cooldown: 1 }, budget: 40 });
 * sampler.start();
 * // ... the scenario runs ...
 * await sampler.stop();
 * sampler.samples; // [{ labourerId: 'chaos_worker', atMs, running: 37 }, ...]
 */
export class RunningSampler {
  /** Every sample taken, in order. */
  readonly samples: RunningSample[] = [];
  #skipped = 0;
  #stopped = false;
  #loop: Promise<void> | undefined;
  readonly #client: DynamoDBClient;
  readonly #documents: DynamoDBDocumentClient;
  readonly #options: RunningSamplerOptions;
  readonly #intervalMs: number;

  constructor(options: RunningSamplerOptions) {
    this.#options = options;
    this.#intervalMs =
      options.intervalMs ?? Number(process.env.CHAOS_CAP_SAMPLE_MS ?? DEFAULT_SAMPLE_INTERVAL_MS);
    // No retries: a sample that fails is skipped, and the next one comes 150 ms later anyway.
    this.#client = new DynamoDBClient({ maxAttempts: 1 });
    this.#documents = DynamoDBDocumentClient.from(this.#client);
  }

  /** Starts sampling, one sample after another, `intervalMs` apart. */
  start(): void {
    if (this.#loop !== undefined) return;
    this.#loop = (async () => {
      while (!this.#stopped) {
        await this.sample();
        await sleep(this.#intervalMs);
      }
    })();
  }

  /**
   * Stops sampling; resolves once the sample in flight (if any) and the pause after it have ended, so no
   * sample is taken once it resolves. Safe to call twice.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
    this.#client.destroy();
  }

  /** The figures of the summary line. */
  figures(): SamplerFigures {
    return {
      samples: this.samples.length,
      skipped: this.#skipped,
      max: this.samples.reduce((max, sample) => Math.max(max, sample.running), 0),
      maxPerKey: this.samples.reduce((max, sample) => Math.max(max, ...Object.values(sample.byKey ?? {})), 0),
    };
  }

  /**
   * Takes one sample and records it; a sample that fails, times out or spans more than one page is
   * counted as skipped instead (see the class's notes). Never throws.
   */
  async sample(): Promise<void> {
    const { labourer, tasksTable } = this.#options;
    let page;
    try {
      page = await this.#documents.send(
        new QueryCommand({
          TableName: tasksTable,
          IndexName: GREENFIELD_INDEX,
          KeyConditionExpression: 'labourer_id = :labourer AND greenfield > :expired',
          FilterExpression: 'attribute_not_exists(completed_at)',
          ProjectionExpression: 'task_id, greenfield, concurrency_key',
          ExpressionAttributeValues: {
            ':labourer': labourer.id,
            ':expired': runWindow(Date.now() / 1000, labourer).expired,
          },
        }),
        { abortSignal: AbortSignal.timeout(SAMPLE_TIMEOUT_MS) },
      );
    } catch {
      // DynamoDB restarting, faulted or too slow: no sample this time.
      this.#skipped += 1;
      return;
    }
    // More than one page is more than one instant (see the class's notes).
    if (page.LastEvaluatedKey !== undefined) {
      this.#skipped += 1;
      return;
    }
    const atMs = Date.now();
    // The expiry line of the moment the answer arrived (see the class's notes).
    const window = runWindow(atMs / 1000, labourer);
    const rows = (page.Items ?? []) as Array<{
      task_id: string;
      greenfield: number;
      concurrency_key?: string;
    }>;
    const running = rows.filter((row) => taskState(row, window) === 'running');
    const sample: RunningSample = { labourerId: labourer.id, atMs, running: running.length };
    const byKey: Record<string, number> = {};
    for (const { concurrency_key: key } of running) if (key !== undefined) byKey[key] = (byKey[key] ?? 0) + 1;
    if (Object.keys(byKey).length > 0) sample.byKey = byKey;
    if (running.length > this.#options.budget) sample.taskIds = running.map((row) => row.task_id);
    this.samples.push(sample);
  }
}
