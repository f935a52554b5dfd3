import type { ChainTarget, ScheduleContext } from '@sosw/worker';
import * as z from 'zod';

/**
 * The payload of the `daily-accounts` schedule: which stores to pull every morning, by section. Without
 * `sections` there is nothing to pull, and the schedule does nothing (it says so in its log).
 *
 * @example
 * dailyJobSchema.parse({ sections: { toys: { stores: ['store_1'] } } }); // max_stores_per_batch: 10
 */
export const dailyJobSchema = z.object({
  sections: z.record(z.string().min(1), z.object({ stores: z.array(z.string().min(1)).min(1) })).optional(),
  max_stores_per_batch: z.number().int().positive().default(10),
});

/** A valid payload of the `daily-accounts` schedule. */
export type DailyJobPayload = z.output<typeof dailyJobSchema>;

/** The scheduler job the schedule submits (the scheduler adds `lambda_name`). */
export interface DailyJob {
  period: 'yesterday';
  isolate_sections: true;
  max_stores_per_batch: number;
  sections: Record<string, { stores: string[] }>;
}

/**
 * The `daily-accounts` schedule's work: asks the scheduler for yesterday's figures of every configured
 * store, as one job (`period: 'yesterday'`, a task per section and batch of stores), which the
 * orchestrator then feeds to this worker. With no sections configured it schedules nothing and logs why.
 *
 * @returns the job it submitted, or `undefined` when there was nothing to schedule
 *
 * @example
 * await scheduleDailyJob({ sections: { toys: { stores: ['store_1'] } }, max_stores_per_batch: 10 }, context, scheduler);
 * // invokes sosw_scheduler with { job: { lambda_name: 'example_stats_puller', period: 'yesterday', ... } }
 */
export async function scheduleDailyJob(
  payload: DailyJobPayload,
  context: Pick<ScheduleContext, 'logger' | 'stats'>,
  scheduler: ChainTarget,
): Promise<DailyJob | undefined> {
  const sections = payload.sections ?? {};
  if (Object.keys(sections).length === 0) {
    context.logger.info('daily-accounts: no sections in the schedule payload, nothing scheduled');
    return undefined;
  }
  const job: DailyJob = {
    period: 'yesterday',
    isolate_sections: true,
    max_stores_per_batch: payload.max_stores_per_batch,
    sections,
  };
  await scheduler.send({ ...job });
  context.stats.increment('jobs_scheduled');
  context.logger.info('daily-accounts: job scheduled', {
    to: scheduler.description,
    sections: Object.keys(sections),
  });
  return job;
}
