import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../src/retry-delay.js';

describe('retryDelaySeconds', () => {
  it("follows sosw's duration * attempts by default", () => {
    expect(retryDelaySeconds({ kind: 'linear' }, { attempts: 1, duration: 900 })).toBe(900);
    expect(retryDelaySeconds({ kind: 'linear' }, { attempts: 3, duration: 60 })).toBe(180);
  });

  it('treats a task with no attempts yet as its first', () => {
    expect(retryDelaySeconds({ kind: 'linear' }, { attempts: 0, duration: 60 })).toBe(60);
  });

  const exponential = { kind: 'exponential', baseSeconds: 60, capSeconds: 3600 } as const;

  it('draws exponential delays between zero and the doubling ceiling', () => {
    const ceiling = (attempts: number) =>
      retryDelaySeconds(exponential, { attempts, duration: 1 }, () => 0.999_999);
    expect([1, 2, 3, 4].map(ceiling)).toEqual([59, 119, 239, 479]);
    expect(retryDelaySeconds(exponential, { attempts: 3, duration: 1 }, () => 0)).toBe(0);
    expect(retryDelaySeconds(exponential, { attempts: 3, duration: 1 }, () => 0.5)).toBe(120);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(retryDelaySeconds(exponential, { attempts: 40, duration: 1 }, () => 0.999_999)).toBe(3599);
  });
});
