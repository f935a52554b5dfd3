import { describe, expect, it } from 'vitest';
import { chunk } from '../src/chunk.js';

describe('chunk', () => {
  it('splits in order into chunks of the size, the last one shorter', () => {
    const items = Array.from({ length: 60 }, (_, i) => i);
    const chunks = chunk(items, 25);
    expect(chunks.map((c) => c.length)).toEqual([25, 25, 10]);
    expect(chunks.flat()).toEqual(items);
  });

  it('gives exact chunks when the size divides the length', () => {
    expect(chunk([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(chunk([1], 1)).toEqual([[1]]);
  });

  it('gives no chunk for no items', () => {
    expect(chunk([], 25)).toEqual([]);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
    expect(() => chunk([1], 2.5)).toThrow(/positive integer, got 2.5/);
  });
});
