import { createHandler } from '@sosw/core';
import type { Context } from 'aws-lambda';
import { schedulerConfigSchema, schedulerFunctionName, type SchedulerConfig } from './config.js';
import { Scheduler } from './scheduler.js';
import type { ScheduleResult } from './types.js';

/**
 * The scheduler Lambda: config from the `config` table (`<function name>_config` over the essential row),
 * one `Scheduler` per container, one job (or continuation) per invocation.
 */
export const handler: (event: unknown, context: Context) => Promise<ScheduleResult> = createHandler<
  Scheduler,
  unknown,
  ScheduleResult,
  SchedulerConfig
>({
  name: schedulerFunctionName(),
  config: { schema: schedulerConfigSchema },
  build: ({ config, logger, stats }) => new Scheduler({ config, logger, stats }),
  run: (scheduler, event, context) => scheduler.run(event, context),
});
