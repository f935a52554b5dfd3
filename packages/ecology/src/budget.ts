import { InvalidBudgetInputError } from './errors.js';
import type { EcoStatus } from './status.js';

/** The share of a labourer's `max_simultaneous_invocations` each status allows. */
export type BudgetCoefficients = Readonly<Record<EcoStatus, number>>;

/** sosw's coefficients: nothing while Bad or Poor, half while Moderate, three quarters while Good, all while High. */
export const DEFAULT_BUDGET_COEFFICIENTS: BudgetCoefficients = { 0: 0, 1: 0, 2: 0.5, 3: 0.75, 4: 1 };

// 100 * 0.29 is 28.999999999999996 in floating point; without the nudge the floor would give 28.
const FLOAT_NUDGE = 1e-9;

/** What a budget is computed from. */
export interface BudgetInput {
  /** The labourer's `max_simultaneous_invocations`. */
  readonly maxSimultaneousInvocations: number;
  /** The labourer's eco status in this run. */
  readonly status: EcoStatus;
  /** Invocations of the labourer running right now. */
  readonly running: number;
  /** Defaults to `DEFAULT_BUDGET_COEFFICIENTS`. */
  readonly coefficients?: BudgetCoefficients;
}

function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidBudgetInputError(
      `${name} must be a whole number of invocations, 0 or more, but is ${value}`,
    );
  }
}

/**
 * How many more invocations a labourer may have now:
 * `max(floor(maxSimultaneousInvocations * coefficient[status]) - running, 0)`.
 *
 * @example
 * invocationBudget({ maxSimultaneousInvocations: 10, status: 3, running: 0 }); // 7
 * invocationBudget({ maxSimultaneousInvocations: 2, status: 4, running: 1 }); // 1
 * invocationBudget({ maxSimultaneousInvocations: 10, status: 2, running: 8 }); // 0
 */
export function invocationBudget(input: BudgetInput): number {
  const { maxSimultaneousInvocations, status, running } = input;
  requireCount('maxSimultaneousInvocations', maxSimultaneousInvocations);
  requireCount('running', running);
  const coefficient = (input.coefficients ?? DEFAULT_BUDGET_COEFFICIENTS)[status];
  const allowed = Math.floor(maxSimultaneousInvocations * coefficient + FLOAT_NUDGE);
  return Math.max(allowed - running, 0);
}
