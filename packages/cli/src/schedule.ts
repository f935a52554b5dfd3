import { LambdaClient } from '@aws-sdk/client-lambda';
import { UsageError } from './errors.js';
import { invokeSync } from './invoke.js';

/** The scheduler's answer to one job. */
export interface ScheduleResult {
  job_id: string;
  tasks_created: number;
  continued_in?: unknown;
}

/**
 * Sends a job for `labourer` to the scheduler Lambda (synchronously) and gives its job id and the tasks
 * it created. A job that names another labourer is a `UsageError`.
 *
 * @example
 * ```ts
 * const { job_id, tasks_created } = await schedule('example_echo', { stores: ['a', 'b'], isolate_stores: true });
 * ```
 */
export async function schedule(
  labourer: string,
  job: Record<string, unknown>,
  {
    functionName = 'sosw_scheduler',
    lambda = new LambdaClient({}),
  }: { functionName?: string; lambda?: LambdaClient } = {},
): Promise<ScheduleResult> {
  for (const key of ['lambda_name', 'labourer_id'] as const) {
    if (job[key] !== undefined && job[key] !== labourer) {
      throw new UsageError(
        `the job's ${key} is ${JSON.stringify(job[key])} but the command names "${labourer}": drop one`,
      );
    }
  }
  const answer = await invokeSync(lambda, functionName, { job: { ...job, lambda_name: labourer } });
  return answer as ScheduleResult;
}
