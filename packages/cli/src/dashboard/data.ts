import { systemClock, type Clock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { runWindow, taskState, type Labourer, type TaskRecord } from '@sosw/task-manager';
import { openDeployment, type Deployment } from '../deployment.js';
import { CliError } from '../errors.js';
import { retryDead, type RetryDeadResult } from '../retry-dead.js';
import { showTask } from '../task.js';
import { latestBuried, type BuriedTask } from './buried.js';
import { cached, type Cached } from './cache.js';
import { DashboardNotFoundError, DashboardRequestError } from './errors.js';
import { readFigures, type Figures } from './figures.js';
import { QueueHistory } from './queue-history.js';
import { RedriveTokens } from './redrive-tokens.js';
import { readThroughput, type Throughput } from './throughput.js';

/** How the dashboard reads a deployment. Only `prefix` is required. */
export interface DashboardDataOptions {
  /** Table prefix of the deployment, as `--prefix` of the other commands. */
  prefix: string;
  /** The `env` of the config rows (default: `SOSW_ENV`, else `production`). */
  env?: string | undefined;
  /** The live figures are read at most once per this many ms, whatever the number of open tabs. Default 3 000. */
  figuresTtlMs?: number | undefined;
  /** The throughput chart is read at most once per this many ms per labourer and window. Default 15 000. */
  throughputTtlMs?: number | undefined;
  /** `sosw_essential_config` (the labourers) is read again after this many ms. Default 60 000. */
  deploymentTtlMs?: number | undefined;
  /** Queue length samples kept for the chart. Default 4 800 (4 h at one sample per 3 s). */
  historyCapacity?: number | undefined;
  /** Where "now" comes from. Default: the system clock. */
  clock?: Clock | undefined;
  /** Reads of the closed table (throughput, buried lists) and the redrive's writes. Default: a new one. */
  db?: DynamoClient | undefined;
}

/** The windows the throughput chart offers, in hours. */
export const THROUGHPUT_HOURS = [1, 3, 6, 12, 24] as const;
export type ThroughputHours = (typeof THROUGHPUT_HOURS)[number];

/** The throughput chart's data: closed per minute from the tables, queue length from this dashboard's samples. */
export interface ThroughputView extends Throughput {
  labourer: string | undefined;
  hours: ThroughputHours;
  /** Queue length samples in the window: `x` epoch ms, `y` tasks. */
  queue: { x: number; y: number }[];
  /** When the dashboard took its first kept queue sample (epoch ms), if any. */
  queueSince: number | undefined;
}

/** Where a task is now, in words, from the rows `showTask` found. */
export interface TaskView extends TaskRecord {
  where: string;
}

/** What the confirmation page of a redrive shows and the confirming POST brings back. */
export interface RedrivePreview {
  labourer: string;
  /** Tasks closed as dead at or after this epoch second are re-queued. */
  since: number;
  hours: number;
  /** Buried tasks in the window now. The redrive moves those there when it runs. */
  count: number;
  token: string;
}

/**
 * What the dashboard knows of a deployment, read through the CLI's own functions (`openDeployment`,
 * `labourerProgress`, `showTask`, `retryDead`) and cached so that many open tabs cost one read.
 *
 * @example
 * ```ts
 * const data = new DashboardData({ prefix: 'dev_' });
 * const { labourers } = await data.figures();
 * ```
 */
export class DashboardData {
  readonly prefix: string;
  readonly env: string | undefined;
  readonly history: QueueHistory;
  readonly #db: DynamoClient;
  readonly #clock: Clock;
  readonly #deployment: Cached<Deployment>;
  readonly #figures: Cached<Figures>;
  readonly #throughput = new Map<string, Cached<Throughput>>();
  readonly #throughputTtlMs: number;
  readonly #tokens: RedriveTokens;

  constructor(options: DashboardDataOptions) {
    this.prefix = options.prefix;
    this.env = options.env;
    this.#db = options.db ?? new DynamoClient();
    this.#clock = options.clock ?? systemClock;
    this.#throughputTtlMs = options.throughputTtlMs ?? 15_000;
    const figuresTtlMs = options.figuresTtlMs ?? 3_000;
    this.history = new QueueHistory(options.historyCapacity ?? 4_800, figuresTtlMs);
    this.#tokens = new RedriveTokens(this.#clock);
    this.#deployment = cached(
      options.deploymentTtlMs ?? 60_000,
      () => openDeployment(this.prefix, this.env),
      this.#clock,
    );
    this.#figures = cached(
      figuresTtlMs,
      async () => {
        const figures = await readFigures(await this.#deployment.get(), this.#clock.nowMs());
        this.history.record(figures.at, new Map(figures.labourers.map((row) => [row.labourer, row.queued])));
        return figures;
      },
      this.#clock,
    );
  }

  /** The labourers of `sosw_essential_config`. */
  async labourers(): Promise<Labourer[]> {
    return (await this.#deployment.get()).labourers;
  }

  /** A labourer of the deployment by id, or a `DashboardNotFoundError` naming the ids there are. */
  async labourer(id: string): Promise<Labourer> {
    const labourers = await this.labourers();
    const labourer = labourers.find((candidate) => candidate.id === id);
    if (labourer === undefined) {
      throw new DashboardNotFoundError(
        `no labourer "${id}" in sosw_essential_config under prefix "${this.prefix}": ` +
          `known labourers are ${labourers.map((l) => `"${l.id}"`).join(', ') || 'none'}`,
      );
    }
    return labourer;
  }

  /** The live figures of every labourer (cached for `figuresTtlMs`); each fresh read adds a queue sample. */
  figures(): Promise<Figures> {
    return this.#figures.get();
  }

  /** Completed and buried per minute over the last `hours`, for one labourer or all, with the queue samples. */
  async throughput(labourerId: string | undefined, hours: ThroughputHours): Promise<ThroughputView> {
    const labourers = labourerId === undefined ? await this.labourers() : [await this.labourer(labourerId)];
    const key = `${hours}:${labourerId ?? ''}`;
    let entry = this.#throughput.get(key);
    if (entry === undefined) {
      entry = cached(
        this.#throughputTtlMs,
        async () => {
          const { closed } = (await this.#deployment.get()).taskManager.tables;
          return readThroughput(this.#db, closed, labourers, hours * 60, this.#clock.nowMs());
        },
        this.#clock,
      );
      this.#throughput.set(key, entry);
    }
    const throughput = await entry.get();
    return {
      ...throughput,
      labourer: labourerId,
      hours,
      queue: this.history.series(labourerId, throughput.minutes[0]),
      queueSince: this.history.since,
    };
  }

  /** The latest buried tasks of one labourer or all, newest first. */
  async buried(labourerId: string | undefined, limit: number): Promise<BuriedTask[]> {
    const labourers = labourerId === undefined ? await this.labourers() : [await this.labourer(labourerId)];
    const { closed } = (await this.#deployment.get()).taskManager.tables;
    return latestBuried(this.#db, closed, labourers, limit);
  }

  /** A task's rows and meta timeline (`showTask`) and where it is now; `DashboardNotFoundError` if no table knows it. */
  async task(taskId: string, labourerId?: string): Promise<TaskView> {
    let record: TaskRecord;
    try {
      record = await showTask(taskId, this.prefix, labourerId);
    } catch (error) {
      // showTask says "not found" with a CliError; anything else (AWS) is a real failure.
      if (error instanceof CliError && !(error instanceof DashboardNotFoundError)) {
        throw new DashboardNotFoundError(error.message, undefined, { cause: error });
      }
      throw error;
    }
    return { ...record, where: await this.#where(record) };
  }

  /** How many buried tasks a redrive of `labourer` over the last `hours` would re-queue, with a token to confirm it. */
  async redrivePreview(labourerId: string, hours: number): Promise<RedrivePreview> {
    const labourer = await this.labourer(labourerId);
    const since = Math.floor(this.#clock.nowMs() / 1000 - hours * 3600);
    const count = await (await this.#deployment.get()).taskManager.countClosed(labourer, 'dead', since);
    return {
      labourer: labourer.id,
      since,
      hours,
      count,
      token: this.#tokens.issue({ labourer: labourer.id, since }),
    };
  }

  /**
   * Re-queues the buried tasks of a labourer, as `sosw retry-dead` does, if `token` is the one its
   * confirmation page issued for this labourer and window (single use, 5 minutes).
   */
  async redrive(labourerId: string, since: number, token: string): Promise<RetryDeadResult> {
    const labourer = await this.labourer(labourerId);
    if (!this.#tokens.consume(token, { labourer: labourer.id, since })) {
      throw new DashboardRequestError(
        'this confirmation has expired or was used already: open the redrive page again and confirm there',
      );
    }
    const result = await retryDead(labourer.id, this.prefix, since, { db: this.#db, clock: this.#clock });
    // What the dashboard shows changed: read it again rather than show the figures from before.
    this.#figures.invalidate();
    for (const entry of this.#throughput.values()) entry.invalidate();
    return result;
  }

  async #where(record: TaskRecord): Promise<string> {
    const { task, closed, retry } = record;
    if (task !== undefined) {
      const labourer = (await this.labourers()).find((l) => l.id === task.labourer_id);
      // The state depends on the labourer's duration and cooldown, which only its config knows.
      if (labourer === undefined) return 'in the tasks table (its labourer is not in sosw_essential_config)';
      const state = taskState(task, runWindow(this.#clock.nowMs() / 1000, labourer));
      return state === 'completed' ? 'completed, awaiting archive' : state;
    }
    if (closed !== undefined) {
      return closed.labourer_id_task_status.endsWith('_0')
        ? 'buried (closed as dead)'
        : 'closed ok (archived)';
    }
    if (retry !== undefined) return 'waiting in the retry table';
    return 'only in the meta table (its other rows are gone)';
  }
}
