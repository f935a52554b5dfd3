import { describe, expect, it } from 'vitest';
import {
  InvalidJob,
  jobFairShare,
  jobTasks,
  planJob,
  planTasks,
  taskConcurrencyKey,
  validatePlan,
  type PlanContext,
} from '../src/index.js';
import { schedulerConfig } from './helpers/factories.js';

const context: PlanContext = {
  config: schedulerConfig({ job_schema: { chunkable_attrs: ['account'] } }),
  requestId: 'request-1',
  nowMs: Date.UTC(2019, 0, 30, 12),
};

function invalid(run: () => unknown): InvalidJob {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidJob) return error;
    throw error;
  }
  throw new Error('expected an InvalidJob');
}

describe('jobFairShare', () => {
  it('reads the attribute that keys the tasks and the priority; neither is required', () => {
    expect(jobFairShare({ lambda_name: 'w', concurrency_key: 'account', priority: 2 })).toEqual({
      concurrencyKey: 'account',
      priority: 2,
    });
    expect(jobFairShare({ lambda_name: 'w' })).toEqual({});
    expect(jobFairShare({ concurrency_key: null, priority: null })).toEqual({});
    expect(jobFairShare({ priority: 0 })).toEqual({ priority: 0 });
  });

  it('rejects a malformed field, naming it', () => {
    for (const [job, path] of [
      [{ priority: 'high' }, 'job.priority'],
      [{ priority: -1 }, 'job.priority'],
      [{ priority: 1.5 }, 'job.priority'],
      [{ priority: 1001 }, 'job.priority'],
      [{ concurrency_key: '' }, 'job.concurrency_key'],
      [{ concurrency_key: ['account'] }, 'job.concurrency_key'],
    ] as const) {
      const error = invalid(() => jobFairShare(job));
      expect(error.path).toBe(path);
      expect(error.message).toMatch(new RegExp(`^${path.replace('.', '\\.')}: `));
    }
    expect(invalid(() => jobFairShare({ priority: 1001 })).message).toBe(
      'job.priority: Too big: expected number to be <=1000',
    );
  });
});

describe('taskConcurrencyKey', () => {
  it('takes the value of the attribute, or of its plural, as a string; a chunk of one gives its value', () => {
    expect(taskConcurrencyKey({ accounts: ['a-1'], date_list: ['2019-01-29'] }, 'account', 0)).toBe('a-1');
    expect(taskConcurrencyKey({ accounts: ['a-1'] }, 'accounts', 0)).toBe('a-1');
    expect(taskConcurrencyKey({ tenant: 42 }, 'tenant', 0)).toBe('42');
    expect(taskConcurrencyKey({ tenant: 't', tenants: ['u'] }, 'tenant', 0)).toBe('t');
  });

  it('gives no key when the task has no such value: the unkeyed flow', () => {
    expect(taskConcurrencyKey({}, 'tenant', 0)).toBeUndefined();
    expect(taskConcurrencyKey({ tenant: null }, 'tenant', 0)).toBeUndefined();
  });

  it('rejects a value that cannot key one task, naming the task and what to do', () => {
    const many = invalid(() => taskConcurrencyKey({ accounts: ['a', 'b'] }, 'account', 7));
    expect(many.path).toBe('job.concurrency_key');
    expect(many.message).toBe(
      'job.concurrency_key: task 7 cannot be keyed by "account": its "accounts" holds 2 values; ' +
        'a key needs one value per task (isolate_accounts, or max_..._per_batch: 1)',
    );
    expect(invalid(() => taskConcurrencyKey({ tenant: { id: 1 } }, 'tenant', 0)).message).toMatch(
      /"tenant" is a dict$/,
    );
    expect(invalid(() => taskConcurrencyKey({ tenant: true }, 'tenant', 0)).message).toMatch(/is a boolean$/);
    expect(invalid(() => taskConcurrencyKey({ tenant: '' }, 'tenant', 0)).message).toMatch(/1 to 256/);
    expect(invalid(() => taskConcurrencyKey({ tenant: 'x'.repeat(257) }, 'tenant', 0)).message).toMatch(
      /got 257/,
    );
  });
});

describe('a job with concurrency_key and priority', () => {
  it('keeps both out of the payloads and puts them on each task', () => {
    const plan = planJob(
      {
        lambda_name: 'worker',
        job_id: 'j',
        concurrency_key: 'account',
        priority: 3,
        isolate_accounts: true,
        accounts: ['a', 'b'],
      },
      context,
    );
    const payloads = [...planTasks(plan)];
    expect(payloads).toEqual([
      { isolate_accounts: true, accounts: ['a'] },
      { isolate_accounts: true, accounts: ['b'] },
    ]);
    expect(jobTasks(plan.jobId, 10, payloads, plan.fairShare)).toEqual([
      { task_id: 'j-10', payload: payloads[0], concurrency_key: 'a', priority: 3 },
      { task_id: 'j-11', payload: payloads[1], concurrency_key: 'b', priority: 3 },
    ]);
    // A job without them makes tasks as before.
    expect(jobTasks('j', 0, payloads, {})).toEqual([
      { task_id: 'j-0', payload: payloads[0] },
      { task_id: 'j-1', payload: payloads[1] },
    ]);
  });

  it('is rejected before any write when a task cannot be keyed (batches of two accounts)', () => {
    const plan = planJob(
      {
        lambda_name: 'worker',
        concurrency_key: 'account',
        max_accounts_per_batch: 2,
        accounts: ['a', 'b', 'c'],
      },
      context,
    );
    expect(invalid(() => validatePlan(plan)).path).toBe('job.concurrency_key');
  });
});
