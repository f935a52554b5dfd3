import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUDGET_COEFFICIENTS,
  InvalidBudgetInputError,
  invocationBudget,
  type EcoStatus,
} from '../src/index.js';

describe('invocationBudget', () => {
  it.each<[EcoStatus, number]>([
    [0, 0],
    [1, 0],
    [2, 5],
    [3, 7],
    [4, 10],
  ])('max 10, nothing running, status %d gives %d', (status, expected) => {
    expect(invocationBudget({ maxSimultaneousInvocations: 10, status, running: 0 })).toBe(expected);
  });

  it('takes off what is running: max 2, status 4, one running gives 1', () => {
    expect(invocationBudget({ maxSimultaneousInvocations: 2, status: 4, running: 1 })).toBe(1);
  });

  it('never goes below zero when more runs than the status allows', () => {
    expect(invocationBudget({ maxSimultaneousInvocations: 10, status: 2, running: 8 })).toBe(0);
    expect(invocationBudget({ maxSimultaneousInvocations: 10, status: 4, running: 10 })).toBe(0);
    expect(invocationBudget({ maxSimultaneousInvocations: 10, status: 4, running: 9 })).toBe(1);
  });

  it('rounds down after scaling, then subtracts', () => {
    // floor(3 * 0.75) = 2, minus 1 running.
    expect(invocationBudget({ maxSimultaneousInvocations: 3, status: 3, running: 1 })).toBe(1);
    expect(invocationBudget({ maxSimultaneousInvocations: 1, status: 2, running: 0 })).toBe(0);
  });

  it('is not fooled by floating point: 100 * 0.29 is 29', () => {
    const coefficients = { ...DEFAULT_BUDGET_COEFFICIENTS, 3: 0.29 };
    expect(invocationBudget({ maxSimultaneousInvocations: 100, status: 3, running: 0, coefficients })).toBe(
      29,
    );
  });

  it('uses the coefficients it is given', () => {
    const coefficients = { 0: 0, 1: 0.1, 2: 0.2, 3: 0.3, 4: 0.4 };
    expect(invocationBudget({ maxSimultaneousInvocations: 10, status: 1, running: 0, coefficients })).toBe(1);
    expect(invocationBudget({ maxSimultaneousInvocations: 10, status: 4, running: 1, coefficients })).toBe(3);
  });

  it.each([
    { maxSimultaneousInvocations: -1, status: 4 as const, running: 0 },
    { maxSimultaneousInvocations: 1.5, status: 4 as const, running: 0 },
    { maxSimultaneousInvocations: Number.NaN, status: 4 as const, running: 0 },
    { maxSimultaneousInvocations: 10, status: 4 as const, running: -2 },
  ])('refuses numbers that are no count: %j', (input) => {
    expect(() => invocationBudget(input)).toThrow(InvalidBudgetInputError);
  });
});
