import { describe, expect, it } from 'vitest';
import { FixedClock, nowSeconds, systemClock } from '../src/index.js';

describe('clocks', () => {
  it('FixedClock stands still until set or advanced', () => {
    const clock = new FixedClock(123_999);
    expect(clock.nowMs()).toBe(123_999);
    expect(clock.nowSeconds()).toBe(123);
    clock.advance(1);
    expect(clock.nowSeconds()).toBe(124);
    clock.set(5_000);
    expect(clock.nowMs()).toBe(5_000);
  });

  it('nowSeconds rounds down and reads the system clock by default', () => {
    expect(nowSeconds(new FixedClock(1_999))).toBe(1);
    const before = Math.floor(Date.now() / 1000);
    const now = nowSeconds();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Math.floor(systemClock.nowMs() / 1000));
  });
});
