import { parseSchedulerConfig, type SchedulerConfig, type SchedulerContext } from '../../src/index.js';

/** The attributes of sosw's own scheduler tests: sections hold stores, stores hold products. */
export const ATTRS = ['section', 'store', 'product'] as const;

export const WORKER_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:worker';
export const SELF_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:sosw_scheduler';

/**
 * sosw's test job (test_scheduler.py's PAYLOAD): not chunked anywhere until a test adds `isolate_*`.
 * A fresh copy per call, so tests can change it.
 */
export function funeralJob(): Record<string, unknown> {
  return {
    sections: {
      section_funerals: { stores: { store_flowers: null, store_caskets: null } },
      section_weddings: {
        stores: {
          store_flowers: null,
          store_limos: null,
          store_music: { products: ['product_march', 'product_chorus', 740] },
        },
      },
      section_conversions: {
        stores: {
          store_training: { products: { product_history: null, product_prayer: null } },
          store_baptizing: null,
          store_circumcision: null,
        },
      },
      section_gifts: null,
    },
  };
}

/** A scheduler config with one labourer, `worker`, and the three sosw attributes. */
export function schedulerConfig(overrides: Record<string, unknown> = {}): SchedulerConfig {
  return parseSchedulerConfig({
    s3_bucket: 'sosw-test-bucket',
    task_config: { labourers: { worker: { arn: WORKER_ARN } } },
    job_schema: { chunkable_attrs: [...ATTRS] },
    ...overrides,
  });
}

/**
 * A Lambda context whose remaining time is `remaining` ms for the first `plenty` checks and `short` after:
 * how a test makes the scheduler run out of time after a number of batches.
 */
export function lambdaContext(
  options: { requestId?: string; plenty?: number; remaining?: number; short?: number } = {},
): SchedulerContext & { checks: () => number } {
  const { requestId = 'request-1', plenty = Infinity, remaining = 900_000, short = 1_000 } = options;
  let checks = 0;
  return {
    awsRequestId: requestId,
    invokedFunctionArn: SELF_ARN,
    functionName: 'sosw_scheduler',
    getRemainingTimeInMillis: () => (checks++ < plenty ? remaining : short),
    checks: () => checks,
  };
}

/** The tasks that carry `value` under `key` as a one-element list (sosw's `check_number_of_tasks`). */
export function tasksWith(tasks: readonly Record<string, unknown>[], key: string, value: unknown) {
  return tasks.filter((task) => {
    const values = task[key];
    return Array.isArray(values) && values.length === 1 && values[0] === value;
  });
}

/** The dict at `keys` inside a job, to read or change it in a test; throws when there is none. */
export function dig(job: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  let current: unknown = job;
  for (const key of keys) {
    current = (current as Record<string, unknown>)[key];
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      throw new Error(`no dict at ${keys.join('.')}`);
    }
  }
  return current as Record<string, unknown>;
}
