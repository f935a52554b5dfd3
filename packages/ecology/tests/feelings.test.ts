import { describe, expect, it } from 'vitest';
import {
  feelingStatus,
  feelingsOrderProblems,
  satisfies,
  toComparisonOperator,
  type ComparisonOperator,
  type Feeling,
} from '../src/index.js';

const cpu: Feeling[] = [
  { status: 3, threshold: 50 },
  { status: 4, threshold: 25 },
];
const freeIops: Feeling[] = [
  { status: 3, threshold: 100 },
  { status: 4, threshold: 500 },
];

describe('feelingStatus', () => {
  it.each([
    [0, 4],
    [1.0, 4],
    [25, 4],
    [25.000001, 3],
    [30, 3],
    [50, 3],
    [51, 0],
  ])("with '<=' and {3: 50, 4: 25}, %d gives %d", (value, expected) => {
    expect(feelingStatus(value, cpu, '<=')).toBe(expected);
  });

  it.each([
    [600, 4],
    [500, 4],
    [499, 3],
    [100, 3],
    [99, 0],
  ])("with '>=' and {3: 100, 4: 500}, %d gives %d", (value, expected) => {
    expect(feelingStatus(value, freeIops, '>=')).toBe(expected);
  });

  it('treats the boundary as out with strict operators', () => {
    expect(feelingStatus(25, cpu, '<')).toBe(3);
    expect(feelingStatus(50, cpu, '<')).toBe(0);
    expect(feelingStatus(500, freeIops, '>')).toBe(3);
    expect(feelingStatus(100, freeIops, '>')).toBe(0);
  });

  it('walks from the highest status down whatever order the feelings come in', () => {
    const reversed = [...cpu].reverse();
    expect(feelingStatus(10, reversed, '<=')).toBe(4);
    expect(feelingStatus(10, cpu, '<=')).toBe(4);
  });

  it('gives the status of a lower feeling when only that one holds', () => {
    const three: Feeling[] = [
      { status: 1, threshold: 90 },
      { status: 2, threshold: 70 },
      { status: 4, threshold: 10 },
    ];
    expect(feelingStatus(80, three, '<=')).toBe(1);
    expect(feelingStatus(70, three, '<=')).toBe(2);
    expect(feelingStatus(11, three, '<=')).toBe(2);
    expect(feelingStatus(91, three, '<=')).toBe(0);
  });
});

describe('operators', () => {
  it.each([
    ['<', '<'],
    ['<=', '<='],
    ['>', '>'],
    ['>=', '>='],
    ['__lt__', '<'],
    ['__le__', '<='],
    ['__gt__', '>'],
    ['__ge__', '>='],
    ['le', '<='],
    ['ge', '>='],
  ])('%s means %s', (spelling, operator) => {
    expect(toComparisonOperator(spelling)).toBe(operator);
  });

  it.each(['==', '=<', '__eq__', 'toString', 'constructor', ''])('%j is no operator', (spelling) => {
    expect(toComparisonOperator(spelling)).toBeUndefined();
  });

  it.each<[number, ComparisonOperator, number, boolean]>([
    [1, '<', 2, true],
    [2, '<', 2, false],
    [2, '<=', 2, true],
    [3, '<=', 2, false],
    [3, '>', 2, true],
    [2, '>', 2, false],
    [2, '>=', 2, true],
    [1, '>=', 2, false],
  ])('%d %s %d is %s', (value, operator, threshold, expected) => {
    expect(satisfies(value, operator, threshold)).toBe(expected);
  });
});

describe('feelingsOrderProblems', () => {
  it('accepts feelings that get stricter as the status rises', () => {
    expect(feelingsOrderProblems(cpu, '<=')).toEqual([]);
    expect(feelingsOrderProblems(cpu, '<')).toEqual([]);
    expect(feelingsOrderProblems(freeIops, '>=')).toEqual([]);
    expect(feelingsOrderProblems(freeIops, '>')).toEqual([]);
    expect(feelingsOrderProblems([{ status: 4, threshold: 1 }], '<')).toEqual([]);
  });

  it("rejects '<=' feelings where a higher status needs a larger threshold, naming both statuses", () => {
    const problems = feelingsOrderProblems(
      [
        { status: 3, threshold: 50 },
        { status: 4, threshold: 60 },
      ],
      '<=',
    );
    expect(problems).toEqual([
      "with '<=' a higher status needs a lower threshold, but status 4 (High) has 60 and status 3 (Good) has 50",
    ]);
  });

  it('rejects the feelings of one direction used with the other', () => {
    expect(feelingsOrderProblems(cpu, '>=')).toHaveLength(1);
    expect(feelingsOrderProblems(freeIops, '<=')).toHaveLength(1);
  });

  it('rejects equal thresholds: the lower status could never be reached', () => {
    const problems = feelingsOrderProblems(
      [
        { status: 2, threshold: 70 },
        { status: 3, threshold: 70 },
      ],
      '<',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('status 3 (Good) has 70 and status 2 (Moderate) has 70');
  });

  it('reports every pair out of order (sosw: {1: 40, 3: 50, 4: 25} with __le__)', () => {
    const problems = feelingsOrderProblems(
      [
        { status: 1, threshold: 40 },
        { status: 3, threshold: 50 },
        { status: 4, threshold: 25 },
      ],
      '<=',
    );
    expect(problems).toEqual([
      "with '<=' a higher status needs a lower threshold, but status 3 (Good) has 50 and status 1 (Poor) has 40",
    ]);
  });
});
