import { describe, expect, it } from 'vitest';
import { Stats } from '../src/index.js';

describe('Stats', () => {
  it('counts by one by default, or by a given amount', () => {
    const stats = new Stats();
    stats.increment('tasks_invoked');
    stats.increment('tasks_invoked', 4);
    stats.increment('tasks_failed', 0);
    expect(stats.current()).toEqual({ tasks_invoked: 5, tasks_failed: 0 });
  });

  it('clears current figures on reset while lifetime totals keep growing', () => {
    const stats = new Stats();
    stats.increment('claimed', 2);
    stats.reset();
    expect(stats.current()).toEqual({});
    stats.increment('claimed', 3);
    expect(stats.current()).toEqual({ claimed: 3 });
    expect(stats.lifetime()).toEqual({ claimed: 5 });
  });

  it('hands out copies, not its own state', () => {
    const stats = new Stats();
    stats.increment('a');
    const snapshot = stats.current();
    snapshot.a = 100;
    expect(stats.current()).toEqual({ a: 1 });
  });
});
