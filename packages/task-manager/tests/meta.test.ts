import { FixedClock } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import { metaRow, MetaTimestamps } from '../src/meta.js';

describe('MetaTimestamps', () => {
  it('gives seconds with a microsecond fraction within the current millisecond', () => {
    const stamps = new MetaTimestamps(new FixedClock(1_700_000_000_123), () => 456);
    expect(stamps.next()).toBe(1_700_000_000.123456);
  });

  it('never gives the same stamp twice, even when the clock stands still and the random part repeats', () => {
    const stamps = new MetaTimestamps(new FixedClock(1_700_000_000_000), () => 0);
    const values = Array.from({ length: 5000 }, () => stamps.next());
    expect(new Set(values).size).toBe(5000);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('follows the clock when it moves on', () => {
    const clock = new FixedClock(1_000_000);
    const stamps = new MetaTimestamps(clock, () => 0);
    stamps.next();
    clock.advance(2000);
    expect(stamps.next()).toBe(1002);
  });
});

describe('metaRow', () => {
  it('carries the author, and the invocation id only when known', () => {
    const task = { task_id: 't1', labourer_id: 'worker' };
    expect(metaRow(task, 'archived', 5.5, { author: 'scavenger' })).toEqual({
      task_id: 't1',
      created_at: 5.5,
      action: 'archived',
      labourer_id: 'worker',
      author: 'scavenger',
    });
    expect(
      metaRow(task, 'invoked', 6, { author: 'orchestrator', invocationId: () => 'req-1' }, { attempts: 1 }),
    ).toMatchObject({ invocation_id: 'req-1', details: { attempts: 1 } });
  });
});
