import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../src/backoff.js';

const policy = { baseDelayMs: 50, maxDelayMs: 1_000 };
const almostOne = () => 0.999_999;

describe('backoffDelay', () => {
  it('has a ceiling that doubles from the base with every retry', () => {
    expect([0, 1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, almostOne))).toEqual([
      49, 99, 199, 399, 799,
    ]);
  });

  it('never exceeds the cap, even for very many retries', () => {
    expect(backoffDelay(5, policy, almostOne)).toBe(999);
    expect(backoffDelay(10_000, policy, almostOne)).toBe(999);
  });

  it('is full jitter: uniformly scaled from 0 to the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(100);
  });

  it('uses Math.random by default and stays within [0, ceiling)', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(2, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(200);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it('has sane defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxRetries: 8, baseDelayMs: 50, maxDelayMs: 5_000 });
  });
});
