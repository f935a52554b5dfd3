import type { PlainObject } from '@sosw/core';
import { InvalidJob } from '../errors.js';

/** The longest job id accepted: task ids stay far under DynamoDB's 2048-byte key limit. */
export const MAX_JOB_ID_LENGTH = 200;

/**
 * The id of a job's task at `index` (its position in the job's chunk sequence): `<job_id>-<index>`. The
 * index is the digits after the last `-`, so two (job, index) pairs never share an id. Writing the same
 * chunk again is a no-op, because task-manager skips ids that exist.
 *
 * @example
 * taskId('b1c2d3e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 7); // 'b1c2d3e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e-7'
 */
export function taskId(jobId: string, index: number): string {
  return `${jobId}-${index}`;
}

/**
 * The job's id: the caller's `job_id`, else the request id of the invocation that received the job
 * (Lambda keeps it across its own retries of an asynchronous invocation, so a retry is the same job).
 *
 * @throws InvalidJob when `job_id` is given but not a non-empty string of at most 200 characters
 *
 * @example
 * jobIdOf({ job_id: 'daily-2024-05-01' }, 'req-1'); // 'daily-2024-05-01'
 * jobIdOf({}, 'req-1'); // 'req-1'
 */
export function jobIdOf(job: PlainObject, requestId: string): string {
  const given = job.job_id;
  if (given === undefined || given === null) return requestId;
  if (typeof given !== 'string' || given === '' || given.length > MAX_JOB_ID_LENGTH) {
    throw InvalidJob.at(
      'job.job_id',
      `expected a string of 1 to ${MAX_JOB_ID_LENGTH} characters, got ${JSON.stringify(given)}`,
    );
  }
  return given;
}
