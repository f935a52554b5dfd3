/**
 * The eco statuses of sosw: how healthy the systems a labourer depends on are, from 0 (Bad: invoke
 * nothing) to 4 (High: invoke at full speed). The numbers are sosw's, so configs and logs agree.
 */
export const ECO_STATUS = {
  Bad: 0,
  Poor: 1,
  Moderate: 2,
  Good: 3,
  High: 4,
} as const;

/** One of the eco statuses, 0..4. */
export type EcoStatus = (typeof ECO_STATUS)[keyof typeof ECO_STATUS];

/** The name of each status, indexed by the status: `ECO_STATUS_NAMES[3]` is `'Good'`. */
export const ECO_STATUS_NAMES = ['Bad', 'Poor', 'Moderate', 'Good', 'High'] as const;

/** Every status, lowest first. */
export const ECO_STATUSES: readonly EcoStatus[] = [0, 1, 2, 3, 4];

/** The status of a labourer with no health metrics, and the best there is. */
export const HIGHEST_ECO_STATUS: EcoStatus = ECO_STATUS.High;

/** The status when no feeling is satisfied, and the worst there is. */
export const LOWEST_ECO_STATUS: EcoStatus = ECO_STATUS.Bad;

/**
 * Whether a value is one of the eco statuses (an integer 0..4).
 *
 * @example
 * isEcoStatus(3); // true
 * isEcoStatus(5); // false
 */
export function isEcoStatus(value: unknown): value is EcoStatus {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 4;
}

/**
 * The name of a status, for logs and dashboards.
 *
 * @example
 * ecoStatusName(2); // 'Moderate'
 */
export function ecoStatusName(status: EcoStatus): (typeof ECO_STATUS_NAMES)[number] {
  return ECO_STATUS_NAMES[status];
}
