import { systemClock, type Clock } from '@sosw/core';

/** A value read at most once per `ttlMs`, however many callers ask for it meanwhile. */
export interface Cached<T> {
  /** The value, read again when the last read is older than the time to live. */
  get(): Promise<T>;
  /** Forget the value: the next `get` reads again (after a change this dashboard made itself). */
  invalidate(): void;
}

/**
 * Wraps a read so that many browser tabs refreshing at once cost one read of the tables: callers within
 * `ttlMs` of a read share its result, and callers during a read wait for that same read (single flight).
 * A failed read is not kept: the next caller tries again.
 *
 * @example
 * ```ts
 * const figures = cached(3_000, () => readFigures(deployment));
 * await Promise.all([figures.get(), figures.get()]); // one read
 * ```
 */
export function cached<T>(ttlMs: number, read: () => Promise<T>, clock: Clock = systemClock): Cached<T> {
  let entry: { at: number; value: Promise<T> } | undefined;
  return {
    get() {
      const now = clock.nowMs();
      if (entry !== undefined && now - entry.at < ttlMs) return entry.value;
      const value = read();
      const current = { at: now, value };
      entry = current;
      value.catch(() => {
        if (entry === current) entry = undefined;
      });
      return value;
    },
    invalidate() {
      entry = undefined;
    },
  };
}
