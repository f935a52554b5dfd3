import { describe, expect, it } from 'vitest';
import { remainingMsOf, startTimeoutGuard } from '../src/index.js';
import { sleep } from './helpers/factories.js';

describe('startTimeoutGuard', () => {
  it('fires once when the remaining time drops under the margin, and aborts its signal', async () => {
    let calls = 0;
    const started = Date.now();
    const guard = startTimeoutGuard({
      // Fires 400 ms in: far enough from the first check that a loaded CI machine's late timer cannot pass it.
      remainingMs: () => 1_400 - (Date.now() - started),
      reportBeforeTimeoutMs: 1_000,
      onTimeout: () => {
        calls += 1;
        return Promise.resolve();
      },
    });
    expect(guard.fired).toBe(false);
    await sleep(60);
    expect(guard.fired).toBe(false);
    await sleep(500);
    await guard.settled;
    expect(guard.fired).toBe(true);
    expect(guard.signal.aborted).toBe(true);
    expect(calls).toBe(1);
    guard.stop();
  });

  it('never fires once stopped, and settles at once', async () => {
    let calls = 0;
    const guard = startTimeoutGuard({
      remainingMs: () => 100,
      reportBeforeTimeoutMs: 50,
      onTimeout: () => {
        calls += 1;
        return Promise.resolve();
      },
    });
    guard.stop();
    await guard.settled;
    await sleep(80);
    expect(calls).toBe(0);
  });

  it('fires on the next tick when already under the margin, and never without a deadline', async () => {
    const late = startTimeoutGuard({
      remainingMs: () => 10,
      reportBeforeTimeoutMs: 5_000,
      onTimeout: () => Promise.resolve(),
    });
    await sleep(5);
    expect(late.fired).toBe(true);
    const never = startTimeoutGuard({
      remainingMs: remainingMsOf(undefined),
      reportBeforeTimeoutMs: 5_000,
      onTimeout: () => Promise.resolve(),
    });
    await never.settled;
    expect(never.fired).toBe(false);
    expect(remainingMsOf({ getRemainingTimeInMillis: () => 42 })()).toBe(42);
  });
});
