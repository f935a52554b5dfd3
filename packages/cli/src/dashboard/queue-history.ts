/** One sample of the queue lengths, taken when the dashboard read the live figures. */
export interface QueueSample {
  /** Epoch milliseconds of the read. */
  at: number;
  /** Queue length per labourer id. */
  queued: ReadonlyMap<string, number>;
}

/**
 * The queue lengths the dashboard has seen since it started, oldest first, in a ring buffer of
 * `capacity` samples. The tables keep no history of the queue (a queued task is one row whose greenfield
 * changes), so this is the only source of "queue length over time": it starts empty with the dashboard
 * and gains a sample each time the live figures are read, at most one per `minIntervalMs`.
 *
 * @example
 * ```ts
 * const history = new QueueHistory(4_800, 3_000);
 * history.record(Date.now(), new Map([['example_echo', 12]]));
 * history.series('example_echo'); // [{ x: ..., y: 12 }]
 * ```
 */
export class QueueHistory {
  readonly #samples: (QueueSample | undefined)[];
  #next = 0;
  #size = 0;

  constructor(
    readonly capacity: number,
    readonly minIntervalMs: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`QueueHistory capacity must be a positive integer, got ${capacity}`);
    }
    this.#samples = new Array<QueueSample | undefined>(capacity);
  }

  /** When the first sample still kept was taken, or `undefined` before the first one. */
  get since(): number | undefined {
    return this.samples()[0]?.at;
  }

  /** Adds a sample unless the previous one is younger than `minIntervalMs`; the oldest falls out when full. */
  record(at: number, queued: ReadonlyMap<string, number>): void {
    const last = this.#samples[(this.#next + this.capacity - 1) % this.capacity];
    if (this.#size > 0 && last !== undefined && at - last.at < this.minIntervalMs) return;
    this.#samples[this.#next] = { at, queued };
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Every kept sample, oldest first. */
  samples(): QueueSample[] {
    const start = (this.#next + this.capacity - this.#size) % this.capacity;
    return Array.from({ length: this.#size }, (_, i) => this.#samples[(start + i) % this.capacity]).filter(
      (sample) => sample !== undefined,
    );
  }

  /**
   * Queue length over time for one labourer, or for all of them summed, from `fromMs` on: chart points
   * (`x` epoch ms, `y` tasks).
   */
  series(labourerId: string | undefined, fromMs = 0): { x: number; y: number }[] {
    return this.samples()
      .filter((sample) => sample.at >= fromMs)
      .map((sample) => ({
        x: sample.at,
        y:
          labourerId === undefined
            ? [...sample.queued.values()].reduce((sum, n) => sum + n, 0)
            : (sample.queued.get(labourerId) ?? 0),
      }));
  }
}
