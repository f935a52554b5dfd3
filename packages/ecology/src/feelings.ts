import { lowerIsBetter, satisfies, type ComparisonOperator } from './operators.js';
import { ecoStatusName, LOWEST_ECO_STATUS, type EcoStatus } from './status.js';

/** "The labourer feels `status` when the metric's value `<op>` `threshold`." */
export interface Feeling {
  readonly status: EcoStatus;
  readonly threshold: number;
}

/** Feelings with the highest status first: the order in which they are tried. */
function highestFirst(feelings: readonly Feeling[]): Feeling[] {
  return [...feelings].sort((a, b) => b.status - a.status);
}

/**
 * The status a metric's value earns: feelings are tried from the highest status down and the first
 * whose threshold the value satisfies wins; when none does, the status is 0 (Bad).
 *
 * @example
 * const feelings = [{ status: 3, threshold: 50 }, { status: 4, threshold: 25 }];
 * feelingStatus(25, feelings, '<='); // 4
 * feelingStatus(50, feelings, '<='); // 3
 * feelingStatus(51, feelings, '<='); // 0
 */
export function feelingStatus(
  value: number,
  feelings: readonly Feeling[],
  operator: ComparisonOperator,
): EcoStatus {
  const earned = highestFirst(feelings).find((feeling) => satisfies(value, operator, feeling.threshold));
  return earned?.status ?? LOWEST_ECO_STATUS;
}

/**
 * What is wrong with the order of some feelings, one sentence per problem; empty when nothing is.
 *
 * A higher status must be strictly harder to reach than the one below it: with `<` / `<=` its threshold
 * must be lower, with `>` / `>=` higher. Otherwise the lower status could never be reached (equal
 * thresholds) or the walk from the top would skip it (the order is reversed) — surely a config mistake.
 *
 * @example
 * feelingsOrderProblems([{ status: 3, threshold: 50 }, { status: 4, threshold: 25 }], '<='); // []
 * feelingsOrderProblems([{ status: 3, threshold: 50 }, { status: 4, threshold: 60 }], '<=');
 * // ["with '<=' a higher status needs a lower threshold, but status 4 (High) has 60 and status 3 (Good) has 50"]
 */
export function feelingsOrderProblems(feelings: readonly Feeling[], operator: ComparisonOperator): string[] {
  const ordered = highestFirst(feelings);
  const wanted = lowerIsBetter(operator) ? 'lower' : 'higher';
  const problems: string[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const higher = ordered[i - 1];
    const lower = ordered[i];
    if (higher === undefined || lower === undefined) continue;
    const stricter = lowerIsBetter(operator)
      ? higher.threshold < lower.threshold
      : higher.threshold > lower.threshold;
    if (!stricter) {
      problems.push(
        `with '${operator}' a higher status needs a ${wanted} threshold, but status ${higher.status} ` +
          `(${ecoStatusName(higher.status)}) has ${higher.threshold} and status ${lower.status} ` +
          `(${ecoStatusName(lower.status)}) has ${lower.threshold}`,
      );
    }
  }
  return problems;
}
