import { describe, expect, it } from 'vitest';
import { averageDurationOf } from '../src/average-duration.js';
import { INVOKED_OFFSET_SECONDS } from '../src/greenfield.js';

const completedAfter = (seconds: number, claimedAt = 1000) => ({
  closed_at: claimedAt + seconds + 60,
  greenfield: claimedAt + INVOKED_OFFSET_SECONDS,
  completed_at: claimedAt + seconds,
});

describe('averageDurationOf', () => {
  it('is undefined with nothing closed', () => {
    expect(averageDurationOf([], [], 900)).toBeUndefined();
  });

  it('averages completed tasks from their claim to their completion', () => {
    expect(averageDurationOf([completedAfter(30), completedAfter(90)], [], 900)).toBe(60);
  });

  it('counts each attempt of a dead task as a full duration', () => {
    // 1 completed in 60 s + a dead task of 3 attempts at 900 s: (60 + 2700) / 4
    expect(averageDurationOf([completedAfter(60)], [{ closed_at: 1, attempts: 3 }], 900)).toBe(690);
  });

  it('never counts a negative duration from clock skew', () => {
    expect(averageDurationOf([completedAfter(-5)], [], 900)).toBe(0);
  });
});
