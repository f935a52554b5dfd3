import { z } from 'zod';
import { DEFAULT_BUDGET_COEFFICIENTS, type BudgetCoefficients } from './budget.js';
import { EcologyConfigError } from './errors.js';
import { parseConfig } from './parse-config.js';
import { ECO_STATUS, ECO_STATUSES, isEcoStatus, type EcoStatus } from './status.js';

/** How the ecology turns health into budgets, for a whole run. */
export interface EcologyConfig {
  /** The status of a health metric that has no datapoints in its window (or whose fetch failed). */
  readonly statusWhenNoData: EcoStatus;
  /** The share of `max_simultaneous_invocations` each status allows. */
  readonly budgetCoefficients: BudgetCoefficients;
}

/** Moderate without data: neither stop a labourer because a metric is quiet, nor run it at full speed blind. */
export const DEFAULT_ECOLOGY_CONFIG: EcologyConfig = {
  statusWhenNoData: ECO_STATUS.Moderate,
  budgetCoefficients: DEFAULT_BUDGET_COEFFICIENTS,
};

const STATUS_KEY = /^[0-4]$/;

const statusSchema = z.number().refine(isEcoStatus, { error: 'must be an eco status: an integer 0..4' });

/**
 * Budget coefficients by status, the statuses as (JSON, so string) keys: `{"2": 0.25}`. The shape of both
 * `ecology_config.budget_coefficients` and sosw's `invocation_number_coefficient`.
 */
const budgetCoefficientsSchema = z
  .record(z.string(), z.number().min(0).max(1))
  .superRefine((coefficients, ctx) => {
    for (const key of Object.keys(coefficients).filter((key) => !STATUS_KEY.test(key))) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `${JSON.stringify(key)} is not an eco status (0..4)`,
      });
    }
  });

/** The ecology's config document as validated, before the defaults are applied. */
const ecologyDocumentSchema = z.strictObject({
  status_when_no_data: statusSchema.optional(),
  budget_coefficients: budgetCoefficientsSchema.optional(),
});

type EcologyDocument = z.output<typeof ecologyDocumentSchema>;

/**
 * The ecology's config document. Both fields are optional; `budget_coefficients` overrides the defaults
 * status by status, with the statuses as (JSON, so string) keys: `{"2": 0.25}`.
 */
export const ecologyConfigSchema = ecologyDocumentSchema.transform((document): EcologyConfig =>
  toEcologyConfig(document),
);

/** The document over the defaults; `soswCoefficients` (if any) under the document's own coefficients. */
function toEcologyConfig(
  document: EcologyDocument,
  soswCoefficients: Readonly<Record<string, number>> = {},
): EcologyConfig {
  return {
    statusWhenNoData: document.status_when_no_data ?? DEFAULT_ECOLOGY_CONFIG.statusWhenNoData,
    budgetCoefficients: mergeCoefficients({ ...soswCoefficients, ...document.budget_coefficients }),
  };
}

function mergeCoefficients(overrides: Readonly<Record<string, number>>): BudgetCoefficients {
  const merged: Record<EcoStatus, number> = { ...DEFAULT_BUDGET_COEFFICIENTS };
  for (const status of ECO_STATUSES) merged[status] = overrides[String(status)] ?? merged[status];
  return merged;
}

/** The ecology config document as written (snake_case, string keys). */
export type EcologyConfigInput = z.input<typeof ecologyConfigSchema>;

/**
 * Parses the ecology's config document over the defaults, or throws an `EcologyConfigError` naming every
 * bad field by its path under `path`.
 *
 * @example
 * const config = parseEcologyConfig({ status_when_no_data: 1, budget_coefficients: { '2': 0.25 } });
 * config.budgetCoefficients[2]; // 0.25
 * config.budgetCoefficients[4]; // 1
 */
export function parseEcologyConfig(
  input: unknown = {},
  path: string | readonly PropertyKey[] = 'ecology_config',
): EcologyConfig {
  return parseConfig(ecologyConfigSchema, input, path);
}

/** Where a sosw service config keeps its ecology settings (the orchestrator's, and what `sosw status` reads). */
export interface EcologySettings {
  /** The ecology's config document (`status_when_no_data`, `budget_coefficients`). */
  readonly ecology_config?: Readonly<Record<string, unknown>> | undefined;
  /** sosw's name for the budget coefficients (`{"2": 0.5}`), kept so an existing sosw row works. */
  readonly invocation_number_coefficient?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The ecology config of a service config: `ecology_config`, with sosw's `invocation_number_coefficient`
 * under its `budget_coefficients`; `ecology_config.budget_coefficients` wins where both give a status.
 * Each document is validated on its own before they are merged, so a bad field is named where the
 * operator wrote it (`invocation_number_coefficient.1`, not `ecology_config.budget_coefficients.1`).
 *
 * @throws EcologyConfigError (a `ConfigError`) naming every bad field of either document
 *
 * @example
 * ecologyConfigOf({ invocation_number_coefficient: { '2': 0.25 } }).budgetCoefficients[2]; // 0.25
 */
export function ecologyConfigOf(settings: EcologySettings): EcologyConfig {
  const own = settings.ecology_config ?? {};
  if (settings.invocation_number_coefficient === undefined) return parseEcologyConfig(own);
  const failures: EcologyConfigError[] = [];
  const collect = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof EcologyConfigError)) throw error;
      failures.push(error);
      return undefined;
    }
  };
  const document = collect(() => parseConfig(ecologyDocumentSchema, own, 'ecology_config'));
  const soswCoefficients = collect(() =>
    parseConfig(
      budgetCoefficientsSchema,
      settings.invocation_number_coefficient,
      'invocation_number_coefficient',
    ),
  );
  if (document === undefined || soswCoefficients === undefined) throw combined(failures);
  return toEcologyConfig(document, soswCoefficients);
}

/** One error for the failures of both documents, so the operator sees every bad field at once. */
function combined(failures: readonly EcologyConfigError[]): EcologyConfigError {
  if (failures.length === 1 && failures[0] !== undefined) return failures[0];
  return new EcologyConfigError(
    failures.map((failure) => failure.message).join('; '),
    failures.flatMap((failure) => failure.issues),
    { cause: new AggregateError(failures) },
  );
}
