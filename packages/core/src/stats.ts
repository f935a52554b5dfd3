/**
 * Named counters for one processor: the current invocation's figures, which the handler factory resets
 * after every call, and lifetime totals, which keep growing for as long as the container is warm.
 *
 * @example
 * const stats = new Stats();
 * stats.increment('tasks_invoked', 3);
 * stats.current(); // { tasks_invoked: 3 }
 * stats.reset();
 * stats.current(); // {}
 * stats.lifetime(); // { tasks_invoked: 3 }
 */
export class Stats {
  readonly #current = new Map<string, number>();
  readonly #lifetime = new Map<string, number>();

  /** Adds `by` (default 1) to a counter, in both the current figures and the lifetime totals. */
  increment(name: string, by = 1): void {
    this.#current.set(name, (this.#current.get(name) ?? 0) + by);
    this.#lifetime.set(name, (this.#lifetime.get(name) ?? 0) + by);
  }

  /** The figures since the last `reset()`. */
  current(): Record<string, number> {
    return Object.fromEntries(this.#current);
  }

  /** The figures since the processor was built. */
  lifetime(): Record<string, number> {
    return Object.fromEntries(this.#lifetime);
  }

  /** Clears the current figures; lifetime totals stay. */
  reset(): void {
    this.#current.clear();
  }
}
