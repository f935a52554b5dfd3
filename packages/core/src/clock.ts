/**
 * Where sosw reads the time. Everything that compares with "now" (greenfields, retries, expiry) takes a
 * `Clock`, so a test can fix the time instead of waiting for it.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** The real clock. */
export const systemClock: Clock = { nowMs: () => Date.now() };

/**
 * A clock that stands still until told to move: for tests.
 *
 * @example
 * const clock = new FixedClock(123_000);
 * clock.nowSeconds(); // 123
 * clock.advance(1_000);
 * clock.nowSeconds(); // 124
 */
export class FixedClock implements Clock {
  constructor(private ms: number) {}
  nowMs(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  nowSeconds(): number {
    return nowSeconds(this);
  }
}

/** Whole seconds since the epoch, rounded down: sosw's unit for `created_at`, `greenfield` and friends. */
export function nowSeconds(clock: Clock = systemClock): number {
  return Math.floor(clock.nowMs() / 1000);
}
