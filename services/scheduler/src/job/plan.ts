import type { PlainObject } from '@sosw/core';
import { InvalidTaskError, payloadString, type NewTask } from '@sosw/task-manager';
import { chunkJob } from '../chunking/chunk.js';
import type { SchedulerConfig } from '../config.js';
import { CONTROL_KEYS, DATE_LIST_KEY } from '../constants.js';
import { InvalidJob } from '../errors.js';
import { jobDateLists } from '../periods/job-dates.js';
import type { TaskPayload } from '../types.js';
import { jobFairShare, taskConcurrencyKey, type JobFairShare } from './fair-share.js';
import { chunkableAttrsFor } from './job-schema.js';
import { jobLabourer } from './labourer.js';
import { jobIdOf, taskId } from './task-id.js';

/** A job understood: who it is for, under which id, and how to make its tasks. */
export interface JobPlan {
  jobId: string;
  labourerId: string;
  /** The chunkable attributes of the job's schema. */
  attrs: readonly string[];
  /** The job without its control keys: what gets chunked. */
  body: PlainObject;
  /** The `date_list` of each group of tasks; `undefined` without a period. */
  dateLists: string[][] | undefined;
  /** What keys the tasks and their priority (`concurrency_key`, `priority`): empty for most jobs. */
  fairShare: JobFairShare;
}

/** What a plan is made with besides the job. */
export interface PlanContext {
  config: Pick<SchedulerConfig, 'job_schema' | 'job_schema_variants' | 'task_config'>;
  /** The request id of the invocation that received the job: its id unless it gives `job_id`. */
  requestId: string;
  /** "Now", for the periods. */
  nowMs: number;
}

/**
 * Reads a job: its labourer, id, schema, dates, and fair share (`concurrency_key`, `priority`). Fast:
 * nothing is chunked yet (see `planTasks`).
 *
 * @throws InvalidJob naming the field (labourer, job_id, job_schema_name, period, dates, concurrency_key,
 * priority)
 *
 * @example
 * const plan = planJob({ lambda_name: 'worker', period: 'yesterday', stores: [1, 2] }, { config, requestId, nowMs });
 */
export function planJob(job: PlainObject, context: PlanContext): JobPlan {
  const labourerId = jobLabourer(job, Object.keys(context.config.task_config.labourers));
  const jobId = jobIdOf(job, context.requestId);
  const attrs = chunkableAttrsFor(context.config, job);
  const dateLists = jobDateLists(job, context.nowMs);
  const fairShare = jobFairShare(job);
  const body = Object.fromEntries(Object.entries(job).filter(([key]) => !CONTROL_KEYS.includes(key)));
  return { jobId, labourerId, attrs, body, dateLists, fairShare };
}

/**
 * The job's task payloads, lazily, in their stable order: for each `date_list` (oldest first), the chunks
 * of the job (see `chunkJob`), each carrying that `date_list`. Periods expand whatever the chunking does.
 *
 * @example
 * [...planTasks(planJob({ lambda_name: 'w', period: 'last_2_days', isolate_days: true }, context))];
 * // [{ date_list: ['2019-01-28'] }, { date_list: ['2019-01-29'] }]
 */
export function* planTasks(plan: JobPlan): Generator<TaskPayload> {
  if (plan.dateLists === undefined) {
    yield* chunkJob(plan.body, plan.attrs);
    return;
  }
  for (const dates of plan.dateLists) yield* chunkJob({ ...plan.body, [DATE_LIST_KEY]: dates }, plan.attrs);
}

/**
 * The tasks to write for payloads of a job from job index `first` on: id, payload, and the job's
 * concurrency key and priority when it has them.
 *
 * @throws InvalidJob when a task's key cannot be read (see `taskConcurrencyKey`)
 *
 * @example
 * jobTasks('job-1', 500, [{ accounts: ['a'] }], { concurrencyKey: 'account', priority: 1 });
 * // [{ task_id: 'job-1-500', payload: { accounts: ['a'] }, concurrency_key: 'a', priority: 1 }]
 */
export function jobTasks(
  jobId: string,
  first: number,
  payloads: readonly TaskPayload[],
  { concurrencyKey, priority }: JobFairShare,
): NewTask[] {
  return payloads.map((payload, i) => ({
    task_id: taskId(jobId, first + i),
    payload,
    ...(concurrencyKey !== undefined && {
      concurrency_key: taskConcurrencyKey(payload, concurrencyKey, first + i),
    }),
    ...(priority !== undefined && { priority }),
  }));
}

/**
 * Makes every task of the plan once, without writing anything, and returns how many there are: a job
 * that cannot be chunked, or whose task cannot be stored (a payload too large) or keyed, fails here,
 * before its first task is written. Memory stays flat: each payload is dropped once checked.
 *
 * @throws InvalidJob naming the place in the job, or the task and why it cannot be stored
 *
 * @example
 * const total = validatePlan(plan); // throws before any write if the job is malformed
 */
export function validatePlan(plan: JobPlan): number {
  let count = 0;
  for (const payload of planTasks(plan)) {
    const { concurrencyKey } = plan.fairShare;
    if (concurrencyKey !== undefined) taskConcurrencyKey(payload, concurrencyKey, count);
    try {
      payloadString(payload, `tasks[${count}]`);
    } catch (error) {
      if (!(error instanceof InvalidTaskError)) throw error;
      throw InvalidJob.at('job', `a task cannot be stored: ${error.message}`, { cause: error });
    }
    count += 1;
  }
  return count;
}
