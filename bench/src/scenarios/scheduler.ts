import { Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { parseSchedulerConfig, Scheduler } from '@sosw/scheduler';
import { TaskManager, taskTableNames } from '@sosw/task-manager';
import { perSecond, timed } from '../measure.js';
import type { Figure } from '../report.js';
import type { Floor } from './floor.js';

const STORES_PER_SECTION = 1_000;

/**
 * One business job that chunks to `count` tasks (100,000 by default: sosw's own goal, its issue #33),
 * scheduled by the scheduler's processor in one run: tasks written per second and DynamoDB calls per
 * 1,000 tasks.
 */
export async function measureScheduler(prefix: string, count: number, floor: Floor): Promise<Figure[]> {
  const stats = new Stats();
  const config = parseSchedulerConfig({
    s3_bucket: 'unused-no-continuation-in-one-run',
    task_config: { labourers: { bench_scheduled: { arn: 'bench_scheduled' } } },
    job_schema: { chunkable_attrs: ['section', 'store'] },
  });
  const taskManager = new TaskManager({
    db: new DynamoClient({ stats, batchConcurrency: config.write_concurrency }),
    tables: taskTableNames(undefined, prefix),
    stats,
    author: 'bench',
  });
  const quiet = { info: () => undefined, warn: console.warn, error: console.error };
  const scheduler = new Scheduler({ config, taskManager, stats, logger: quiet });
  const sections = Math.ceil(count / STORES_PER_SECTION);
  const job = {
    lambda_name: 'bench_scheduled',
    isolate_stores: true,
    sections: Object.fromEntries(
      Array.from({ length: sections }, (_, s) => [
        `section-${s}`,
        {
          stores: Array.from(
            { length: Math.min(STORES_PER_SECTION, count - s * STORES_PER_SECTION) },
            (_, i) => `store-${s}-${i}`,
          ),
        },
      ]),
    ),
  };
  const context = {
    awsRequestId: 'bench-job',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:sosw_scheduler',
    getRemainingTimeInMillis: () => 900_000,
  };
  const { result, ms } = await timed(() => scheduler.run({ job }, context));
  const calls = Object.entries(stats.current())
    .filter(([name]) => name.startsWith('dynamodb_') && name.endsWith('_calls'))
    .reduce((sum, [, n]) => sum + n, 0);
  const rate = perSecond(result.tasks_created, ms);
  return [
    {
      scenario: 'scheduler',
      metric: `one job -> ${result.tasks_created.toLocaleString('en-US')} tasks`,
      value: rate,
      unit: 'tasks/s',
      ofFloor: rate / floor.batchItemsPerSecond,
      floor: 'BatchWriteItem items/s',
    },
    {
      scenario: 'scheduler',
      metric: 'DynamoDB calls per 1,000 tasks',
      value: (calls / result.tasks_created) * 1000,
      unit: 'calls',
    },
  ];
}
