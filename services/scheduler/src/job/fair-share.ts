import { isPlainObject, toValidationIssues, type PlainObject } from '@sosw/core';
import { MAX_CONCURRENCY_KEY_LENGTH, MAX_PRIORITY } from '@sosw/task-manager';
import * as z from 'zod';
import { plural } from '../chunking/chunkable-attrs.js';
import { jsonTypeName } from '../chunking/values.js';
import { InvalidJob } from '../errors.js';
import type { TaskPayload } from '../types.js';

/** How a job's tasks share their labourer: the attribute that keys them, and their priority. */
export interface JobFairShare {
  /** The payload attribute whose value is each task's concurrency key (`account_id`); none: unkeyed. */
  concurrencyKey?: string;
  /** The tasks' priority, 0 (the default) to `MAX_PRIORITY`; higher goes first. */
  priority?: number;
}

const fairShareSchema = z.looseObject({
  concurrency_key: z.string().min(1).nullish(),
  priority: z.number().int().min(0).max(MAX_PRIORITY).nullish(),
});

/**
 * A job's fair-share fields, both optional (`null` is the same as absent):
 * - `concurrency_key`: the name of the payload attribute that keys the job's tasks, e.g. `account_id`
 *   (see `taskConcurrencyKey`);
 * - `priority`: a whole number from 0 to `MAX_PRIORITY`.
 *
 * @throws InvalidJob naming the field: `job.priority: Too big: expected number to be <=1000`
 *
 * @example
 * jobFairShare({ lambda_name: 'w', concurrency_key: 'account', priority: 2 }); // { concurrencyKey: 'account', priority: 2 }
 * jobFairShare({ lambda_name: 'w' }); // {}
 */
export function jobFairShare(job: PlainObject): JobFairShare {
  const result = fairShareSchema.safeParse(job, { reportInput: true });
  if (!result.success) {
    const issues = toValidationIssues(result.error.issues).map((issue) => ({
      ...issue,
      path: `job.${issue.path}`,
    }));
    throw InvalidJob.of(issues, { cause: result.error });
  }
  const { concurrency_key: concurrencyKey, priority } = result.data;
  return {
    ...(concurrencyKey != null && { concurrencyKey }),
    ...(priority != null && { priority }),
  };
}

/**
 * The concurrency key of one task: the value of the attribute the job names, in the task's payload, or
 * of its plural (a chunked attribute `account` is carried as `accounts: ["a-1"]`):
 * - a string (1 to 256 characters) or a finite number (as its text): that value;
 * - a list of exactly one such value (a chunk of one): that value;
 * - missing or `null`: no key (the labourer's unkeyed flow, which shares turns as one more key).
 *
 * @param index - the task's index in the job, for the error
 * @throws InvalidJob on `job.concurrency_key` for anything else, e.g. a chunk of several accounts
 *
 * @example
 * taskConcurrencyKey({ accounts: ['a-1'], date_list: ['2024-05-01'] }, 'account', 0); // 'a-1'
 * taskConcurrencyKey({ tenant: 42 }, 'tenant', 0); // '42'
 * taskConcurrencyKey({}, 'tenant', 0); // undefined
 */
export function taskConcurrencyKey(payload: TaskPayload, attr: string, index: number): string | undefined {
  const name = Object.hasOwn(payload, attr) || !Object.hasOwn(payload, plural(attr)) ? attr : plural(attr);
  const value = payload[name];
  if (value === undefined || value === null) return undefined;
  const one = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
  const bad = (problem: string) =>
    InvalidJob.at(
      'job.concurrency_key',
      `task ${index} cannot be keyed by "${attr}": its "${name}" ${problem}`,
    );
  if (Array.isArray(one)) {
    throw bad(
      `holds ${one.length} values; a key needs one value per task (isolate_${plural(attr.replace(/s$/, ''))}, or max_..._per_batch: 1)`,
    );
  }
  if (typeof one === 'number' && Number.isFinite(one)) return String(one);
  if (typeof one !== 'string') throw bad(`is a ${isPlainObject(one) ? 'dict' : jsonTypeName(one)}`);
  if (one === '' || one.length > MAX_CONCURRENCY_KEY_LENGTH) {
    throw bad(`must be 1 to ${MAX_CONCURRENCY_KEY_LENGTH} characters, got ${one.length}`);
  }
  return one;
}
