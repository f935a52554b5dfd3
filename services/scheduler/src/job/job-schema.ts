import type { PlainObject } from '@sosw/core';
import type { SchedulerConfig } from '../config.js';
import { DEFAULT_JOB_SCHEMA_NAME } from '../constants.js';
import { InvalidJob } from '../errors.js';

/**
 * The chunkable attributes for one job: `job_schema_variants[job_schema_name]` when the job names a
 * schema; else the `default` variant if config has one, else `job_schema`. Chosen per call from the
 * config alone: nothing is kept from one job to the next (sosw replaced its config in place, so a
 * variant leaked into the following jobs of a warm container).
 *
 * @throws InvalidJob when `job_schema_name` is not a string or names no variant
 *
 * @example
 * chunkableAttrsFor(config, { job_schema_name: 'by_store' }); // config.job_schema_variants.by_store.chunkable_attrs
 */
export function chunkableAttrsFor(
  config: Pick<SchedulerConfig, 'job_schema' | 'job_schema_variants'>,
  job: PlainObject,
): readonly string[] {
  const name = job.job_schema_name;
  const variants = config.job_schema_variants;
  if (name === undefined || name === null) {
    return (variants[DEFAULT_JOB_SCHEMA_NAME] ?? config.job_schema).chunkable_attrs;
  }
  if (typeof name !== 'string') {
    throw InvalidJob.at('job.job_schema_name', `expected a string, got ${typeof name}`);
  }
  const variant = Object.hasOwn(variants, name) ? variants[name] : undefined;
  if (variant !== undefined) return variant.chunkable_attrs;
  if (name === DEFAULT_JOB_SCHEMA_NAME) return config.job_schema.chunkable_attrs;
  const known = Object.keys(variants);
  throw InvalidJob.at(
    'job.job_schema_name',
    `unknown job schema "${name}": job_schema_variants has ${known.length === 0 ? 'none' : known.map((k) => `"${k}"`).join(', ')}`,
  );
}
