import { ConfigError } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import { chunkableAttrsFor, InvalidJob, parseSchedulerConfig, schedulerFunctionName } from '../src/index.js';
import { schedulerConfig, WORKER_ARN } from './helpers/factories.js';

const configError = (input: unknown): ConfigError => {
  try {
    parseSchedulerConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected ConfigError');
};

describe('scheduler config', () => {
  it('has defaults for all but the bucket', () => {
    const config = parseSchedulerConfig({ s3_bucket: 'b' });
    expect(config).toMatchObject({
      s3_bucket: 'b',
      s3_prefix: 'sosw/scheduler',
      shutdown_period: 60,
      write_batch_size: 500,
      write_concurrency: 16,
      job_schema: { chunkable_attrs: [] },
      job_schema_variants: {},
      task_config: { labourers: {} },
    });
  });

  it("accepts sosw's [name, {}] pairs and plain names, and sosw's queue_bucket", () => {
    const config = parseSchedulerConfig({
      queue_bucket: 'old',
      job_schema: { chunkable_attrs: [['section', {}], 'store'] },
      job_schema_variants: { flat: { chunkable_attrs: [['product', {}]] } },
    });
    expect(config.job_schema.chunkable_attrs).toEqual(['section', 'store']);
    expect(config.job_schema_variants.flat?.chunkable_attrs).toEqual(['product']);
    expect(config.s3_bucket).toBe('old');
    expect(parseSchedulerConfig({ queue_bucket: 'old', s3_bucket: 'new' }).s3_bucket).toBe('new');
  });

  it('names each bad field', () => {
    expect(configError({}).issues).toEqual([
      {
        path: 's3_bucket',
        message: 'missing: the bucket where a job that runs out of time leaves the tasks not yet written',
      },
    ]);
    expect(
      configError({ s3_bucket: 'b', job_schema: { chunkable_attrs: ['section', 'stores', 'section'] } })
        .issues,
    ).toEqual([
      {
        path: 'job_schema.chunkable_attrs[1]',
        message: '"stores" must be singular ("store"): jobs may use the singular or the plural key',
      },
      { path: 'job_schema.chunkable_attrs[2]', message: '"section" is given twice' },
    ]);
    expect(
      configError({ s3_bucket: 'b', task_config: { labourers: { w: { arn: WORKER_ARN, colour: 'red' } } } })
        .path,
    ).toBe('task_config.labourers.w.colour');
    expect(configError({ s3_bucket: 'b', write_batch_size: 0 }).path).toBe('write_batch_size');
  });

  it.each([
    [[['', {}]], 'job_schema.chunkable_attrs[0][0]', 'Too small'],
    [['section', ['', {}]], 'job_schema.chunkable_attrs[1][0]', 'Too small'],
    [[['section', 'not an object']], 'job_schema.chunkable_attrs[0]', ''],
    [[3], 'job_schema.chunkable_attrs[0]', 'expected string or tuple, got number'],
  ])('refuses the chunkable_attrs %j with a ConfigError naming the entry', (attrs, path, message) => {
    const error = configError({ s3_bucket: 'b', job_schema: { chunkable_attrs: attrs } });
    expect(error.issues).toHaveLength(1);
    expect(error.path).toBe(path);
    expect(error.issues[0]?.message).toContain(message);
  });

  it('refuses a bad pair in a job schema variant, naming the variant', () => {
    const error = configError({
      s3_bucket: 'b',
      job_schema_variants: { flat: { chunkable_attrs: ['product', ['', {}]] } },
    });
    expect(error.path).toBe('job_schema_variants.flat.chunkable_attrs[1][0]');
  });

  it('is named after the function', () => {
    expect(schedulerFunctionName({})).toBe('sosw_scheduler');
    expect(schedulerFunctionName({ AWS_LAMBDA_FUNCTION_NAME: 'dev_sosw_scheduler' })).toBe(
      'dev_sosw_scheduler',
    );
  });
});

describe('job schema per job', () => {
  const config = schedulerConfig({
    job_schema: { chunkable_attrs: ['section'] },
    job_schema_variants: { by_store: { chunkable_attrs: ['store', 'product'] } },
  });

  it('picks the named variant, and the default otherwise, on every call', () => {
    expect(chunkableAttrsFor(config, { job_schema_name: 'by_store' })).toEqual(['store', 'product']);
    // Nothing is left behind by the previous call (sosw replaced its config in place).
    expect(chunkableAttrsFor(config, {})).toEqual(['section']);
    expect(chunkableAttrsFor(config, { job_schema_name: 'default' })).toEqual(['section']);
  });

  it('prefers a variant called default over job_schema', () => {
    const withDefault = schedulerConfig({ job_schema_variants: { default: { chunkable_attrs: ['x'] } } });
    expect(chunkableAttrsFor(withDefault, {})).toEqual(['x']);
  });

  it('refuses an unknown variant, naming it', () => {
    expect(() => chunkableAttrsFor(config, { job_schema_name: 'nope' })).toThrow(InvalidJob);
    expect(() => chunkableAttrsFor(config, { job_schema_name: 'nope' })).toThrow(
      'job.job_schema_name: unknown job schema "nope": job_schema_variants has "by_store"',
    );
    expect(() => chunkableAttrsFor(config, { job_schema_name: 3 })).toThrow(
      /^job\.job_schema_name: expected a string/,
    );
  });
});
