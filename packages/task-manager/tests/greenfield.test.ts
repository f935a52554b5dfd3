import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUEUE_GREENFIELD,
  expiredNowGreenfield,
  greenfieldsBehind,
  greenfieldsInFront,
  INVOKED_OFFSET_SECONDS,
  runWindow,
  taskState,
} from '../src/greenfield.js';

const timing = { duration: 900, cooldown: 300 };

describe('runWindow', () => {
  it('gives start, invoked and expired at t=123 with duration 900 (the issue vector)', () => {
    expect(runWindow(123, timing)).toEqual({ start: 123, invoked: 31_557_723, expired: 31_556_523 });
  });

  it('rounds now down to whole seconds', () => {
    expect(runWindow(123.999, timing).start).toBe(123);
  });

  it('moves expired with duration and cooldown', () => {
    expect(runWindow(0, { duration: 60, cooldown: 0 }).expired).toBe(INVOKED_OFFSET_SECONDS - 60);
  });
});

describe('taskState', () => {
  const now = 1_700_000_000;
  const window = runWindow(now, timing);

  it('is queued below start, FIFO values included', () => {
    expect(taskState({ greenfield: 2000 }, window)).toBe('queued');
    expect(taskState({ greenfield: window.start - 1 }, window)).toBe('queued');
  });

  it('is expired from start up to and including expired', () => {
    expect(taskState({ greenfield: window.start }, window)).toBe('expired');
    expect(taskState({ greenfield: window.expired }, window)).toBe('expired');
  });

  it('is running above expired', () => {
    expect(taskState({ greenfield: window.expired + 1 }, window)).toBe('running');
    expect(taskState({ greenfield: window.invoked }, window)).toBe('running');
  });

  it('is completed whenever completed_at is set', () => {
    expect(taskState({ greenfield: window.invoked, completed_at: now }, window)).toBe('completed');
    expect(taskState({ greenfield: window.start - 5, completed_at: now }, window)).toBe('completed');
  });

  it('turns a task claimed now into expired exactly duration + cooldown seconds later', () => {
    const claimed = { greenfield: runWindow(now, timing).invoked };
    const later = (seconds: number) => taskState(claimed, runWindow(now + seconds, timing));
    expect(later(0)).toBe('running');
    expect(later(1199)).toBe('running');
    expect(later(1200)).toBe('expired');
  });
});

describe('greenfields for new and retried tasks', () => {
  it('puts the first task of an empty queue at 2000', () => {
    expect(EMPTY_QUEUE_GREENFIELD).toBe(1000);
    expect(greenfieldsBehind(undefined, 3)).toEqual([2000, 3000, 4000]);
  });

  it('steps by 1000 behind the newest queued task', () => {
    expect(greenfieldsBehind(7000, 2)).toEqual([8000, 9000]);
    expect(greenfieldsBehind(7000, 0)).toEqual([]);
  });

  it('puts retries in front of the oldest, in their given order', () => {
    expect(greenfieldsInFront(5000, 3)).toEqual([4997, 4998, 4999]);
    expect(greenfieldsInFront(undefined, 1)).toEqual([999]);
  });
});

describe('expiredNowGreenfield', () => {
  it('is expired now and in every later run, never queued or running', () => {
    const now = 1_700_000_000;
    const greenfield = expiredNowGreenfield(now, timing);
    for (const later of [0, 1, 3600, 86_400 * 30]) {
      expect(taskState({ greenfield }, runWindow(now + later, timing))).toBe('expired');
    }
  });
});
