import type { LambdaContextLike } from './types.js';

/** A running early-timeout guard. */
export interface TimeoutGuard {
  /** Aborted when the guard fires. */
  readonly signal: AbortSignal;
  /** Whether the guard has fired. */
  readonly fired: boolean;
  /** Settles when the guard's `onTimeout` has finished (at once if it never fired). */
  readonly settled: Promise<void>;
  /** Stops the guard; it will not fire after this. */
  stop(): void;
}

/** Options of {@link startTimeoutGuard}. */
export interface TimeoutGuardOptions {
  /** Milliseconds left in the invocation, now. */
  remainingMs: () => number;
  /** Fire when fewer than this many milliseconds are left. */
  reportBeforeTimeoutMs: number;
  /** Runs once, when the guard fires. It should catch its own errors: a rejection is ignored. */
  onTimeout: () => Promise<void>;
}

/**
 * The remaining time of an invocation, from Lambda's context: `Infinity` without one (a direct call in a
 * test), so no deadline applies.
 *
 * @example
 * remainingMsOf({ getRemainingTimeInMillis: () => 1500 })(); // 1500
 * remainingMsOf(undefined)(); // Infinity
 */
export function remainingMsOf(context: LambdaContextLike | undefined): () => number {
  if (typeof context?.getRemainingTimeInMillis !== 'function') return () => Number.POSITIVE_INFINITY;
  return () => context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
}

/**
 * Starts a timer that fires once, when fewer than `reportBeforeTimeoutMs` milliseconds of the invocation
 * are left, so a worker still running can report before Lambda stops it (Lambda gives no warning: a
 * timed-out invocation simply ends). With no deadline (`Infinity`) it never fires. When the time left is
 * already under the margin, it fires on the next tick.
 *
 * @example
 * const guard = startTimeoutGuard({
 *   remainingMs: remainingMsOf(lambdaContext),
 *   reportBeforeTimeoutMs: 5000,
 *   onTimeout: () => assistant.report({ action: 'mark_task_as_failed', task_id, reason: 'timeout' }),
 * });
 * try { await work(guard.signal); } finally { guard.stop(); }
 */
export function startTimeoutGuard(options: TimeoutGuardOptions): TimeoutGuard {
  const controller = new AbortController();
  let fired = false;
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const remaining = options.remainingMs();
  let timer: NodeJS.Timeout | undefined;
  if (Number.isFinite(remaining)) {
    timer = setTimeout(
      () => {
        fired = true;
        controller.abort(new Error('the invocation is about to time out'));
        options.onTimeout().then(settle, settle);
      },
      Math.max(0, remaining - options.reportBeforeTimeoutMs),
    );
    // The guard alone must not keep a process alive (a direct call outside Lambda).
    timer.unref();
  }
  if (timer === undefined) settle();
  return {
    signal: controller.signal,
    get fired() {
      return fired;
    },
    settled,
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      if (!fired) settle();
    },
  };
}
