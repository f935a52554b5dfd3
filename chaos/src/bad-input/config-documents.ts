import fc from 'fast-check';
import { jsonJunk, notJsonText } from './malformed.js';

/**
 * A config document every service takes: one labourer with a health metric, a scheduler job schema and a
 * variant, the ecology's settings and a retry policy. Each service ignores the keys that are another's.
 */
export const VALID_CONFIG = {
  s3_bucket: 'chaos-bad-input-unused',
  task_config: {
    max_attempts: 3,
    labourers: {
      worker: {
        arn: 'arn:aws:lambda:us-east-1:000000000000:function:worker',
        max_simultaneous_invocations: 4,
        max_attempts: 2,
        duration: 30,
        cooldown: 5,
        health_metrics: {
          db_cpu: {
            details: {
              Namespace: 'AWS/RDS',
              MetricName: 'CPUUtilization',
              Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'main' }],
              Period: 60,
              Statistics: ['Average'],
              MetricAggregationTimeSlice: 300,
            },
            feelings: { '3': 50, '4': 25 },
            feeling_comparison_operator: '<=',
          },
        },
      },
    },
  },
  job_schema: { chunkable_attrs: ['section', ['store', {}]] },
  job_schema_variants: { default: { chunkable_attrs: ['store'] } },
  ecology_config: { status_when_no_data: 2, budget_coefficients: { '2': 0.5 } },
  // sosw's name for the budget coefficients: an existing sosw row carries it beside (or instead of) ours.
  invocation_number_coefficient: { '3': 0.7 },
  retry_policy: { kind: 'exponential', base_seconds: 60, cap_seconds: 3600 },
  invoke_concurrency: 8,
  tasks_limit: 100,
  labourer_refresh_seconds: 60,
  write_batch_size: 100,
} as const;

/** A place in a document: its keys and indexes from the root. */
export type DocumentPath = readonly (string | number)[];

/** Every place in `value`, the root included, parents before children. */
export function placesIn(value: unknown, at: DocumentPath = []): DocumentPath[] {
  const places: DocumentPath[] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => places.push(...placesIn(item, [...at, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) places.push(...placesIn(item, [...at, key]));
  }
  return places;
}

/** The value at `path` in `document`, or `undefined` when the document does not reach that far. */
export function valueAt(document: unknown, path: DocumentPath): unknown {
  let current = document;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** A deep copy of `document` with the value at `path` replaced, or removed when `value` is `undefined`. */
export function replaceAt(document: unknown, path: DocumentPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined && !Array.isArray(parent)) Reflect.deleteProperty(parent, last);
  else parent[last] = value;
  return copy;
}

/** A valid document changed in one place, and that place. */
export interface MutatedDocument {
  document: unknown;
  /** Where it was changed. */
  path: DocumentPath;
  /** What was done there: `replaced`, `removed`, `added <key>`. */
  change: string;
}

/** Values a config field should not hold, or just might: junk of every JSON type, and the awkward ones. */
const replacement = fc.oneof(
  jsonJunk,
  fc.constantFrom(-1, 0, 0.5, 1e308, -1e308, 2 ** 53 + 2, '', '__proto__', 'constructor', null, [], {}, true),
);

/**
 * The places of sosw's own shapes, where two bugs hid: an empty name in a `chunkable_attrs` pair
 * (`[["", {}]]`) threw a `TypeError` in the scheduler's schema, and a bad `invocation_number_coefficient`
 * was named as `ecology_config.budget_coefficients`. They are a few of about ninety places, so they get a
 * share of the runs of their own, with short names (the empty one among them) beside the junk.
 */
const soswShapePlaces = placesIn(VALID_CONFIG).filter(
  (path) => path.includes('chunkable_attrs') || path.includes('invocation_number_coefficient'),
);

/**
 * `VALID_CONFIG` changed in one place: a value replaced by junk, a key removed, or a key added (an
 * unknown field, a `__proto__` or `constructor` key defined as JSON.parse defines it, a sosw-style
 * `max_attempts_<labourer>` override).
 */
export const mutatedConfig: fc.Arbitrary<MutatedDocument> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...soswShapePlaces), fc.oneof(replacement, fc.constantFrom('', 's', 'stores')))
    .map(([path, value]) => ({ document: replaceAt(VALID_CONFIG, path, value), path, change: 'replaced' })),
  fc
    .tuple(fc.constantFrom(...placesIn(VALID_CONFIG)), replacement)
    .map(([path, value]) => ({ document: replaceAt(VALID_CONFIG, path, value), path, change: 'replaced' })),
  fc
    .constantFrom(...placesIn(VALID_CONFIG).filter((path) => path.length > 0))
    .map((path) => ({ document: replaceAt(VALID_CONFIG, path, undefined), path, change: 'removed' })),
  fc
    .tuple(
      fc.constantFrom(
        ...placesIn(VALID_CONFIG).filter((path) => {
          const value = valueAt(VALID_CONFIG, path);
          return typeof value === 'object' && value !== null && !Array.isArray(value);
        }),
      ),
      fc.constantFrom('__proto__', 'constructor', 'colour', 'max_attempts_worker', '5', 'x.y'),
      replacement,
    )
    .map(([path, key, value]) => {
      const document = structuredClone(VALID_CONFIG) as unknown;
      // defineProperty, as JSON.parse does: `__proto__` becomes an own key, not the prototype.
      Object.defineProperty(valueAt(document, path) as object, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return { document, path: [...path, key], change: `added ${key}` };
    }),
);

/** What a `config_value` of a config row may hold, written by hand or by a broken tool. */
export const configRowValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: mutatedConfig.map(({ document }) => JSON.stringify(document)) },
  { weight: 1, arbitrary: jsonJunk.map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: notJsonText },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 })) },
);
