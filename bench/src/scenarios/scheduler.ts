import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { parseSchedulerConfig, Scheduler } from '@sosw/scheduler';
import { TaskManager, type TaskTables } from '@sosw/task-manager';
import { floorMsOf, type CallCost } from '../dynamodb-calls.js';
import { perSecond, timed } from '../measure.js';
import type { Figure } from '../report.js';
import { FLOOR_NAMES, type FloorProbe } from './floor.js';

const STORES_PER_SECTION = 1_000;

/** What scheduling one job needs: where to write and what to count with. */
export interface ScheduleJobOptions {
  /** The labourer the job's tasks are for. */
  labourerId: string;
  /** How many tasks the job chunks to. */
  count: number;
  /** The SDK client to send with (the scheduler's own `DynamoClient` is built on it). */
  client: DynamoDBClient;
  stats: Stats;
  tables: TaskTables;
}

/**
 * Runs the scheduler's processor once on a job that chunks to `count` tasks (sections of 1,000 stores,
 * one task per store): the tasks it created and how long it took.
 */
export async function scheduleJob({
  labourerId,
  count,
  client,
  stats,
  tables,
}: ScheduleJobOptions): Promise<{ created: number; ms: number }> {
  const config = parseSchedulerConfig({
    s3_bucket: 'unused-no-continuation-in-one-run',
    task_config: { labourers: { [labourerId]: { arn: labourerId } } },
    job_schema: { chunkable_attrs: ['section', 'store'] },
  });
  // As the scheduler builds its own: `write_concurrency` transactions in flight.
  const db = new DynamoClient({ client, stats });
  const taskManager = new TaskManager({
    db,
    tables,
    stats,
    author: 'bench',
    transactionConcurrency: config.write_concurrency,
  });
  const quiet = { info: () => undefined, warn: console.warn, error: console.error };
  const scheduler = new Scheduler({ config, taskManager, stats, logger: quiet });
  const sections = Math.ceil(count / STORES_PER_SECTION);
  const job = {
    lambda_name: labourerId,
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
    awsRequestId: `bench-job-${labourerId}`,
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:sosw_scheduler',
    getRemainingTimeInMillis: () => 900_000,
  };
  const { result, ms } = await timed(() => scheduler.run({ job }, context));
  return { created: result.tasks_created, ms };
}

/**
 * One business job that chunks to `count` tasks (100,000 by default: sosw's own goal, its issue #33),
 * scheduled by the scheduler's processor in one run: tasks written per second and DynamoDB calls per
 * 1,000 tasks.
 */
export async function measureScheduler(
  options: Omit<ScheduleJobOptions, 'labourerId'>,
  take: () => CallCost,
  probe: FloorProbe,
): Promise<Figure[]> {
  const rates = await probe.rates();
  const floorValue = rates.batchItems;
  take();
  const { created, ms } = await scheduleJob({ ...options, labourerId: 'bench_scheduled' });
  const cost = take();
  const rate = perSecond(created, ms);
  return [
    {
      scenario: 'scheduler',
      metric: `one job -> ${created.toLocaleString('en-US')} tasks`,
      value: rate,
      unit: 'tasks/s',
      ofFloor: rate / floorValue,
      floor: FLOOR_NAMES.batchItems,
      floorValue,
      ofWriteFloor: floorMsOf(cost, rates) / ms,
    },
    {
      scenario: 'scheduler',
      metric: 'DynamoDB calls per 1,000 tasks',
      value: (cost.calls / created) * 1000,
      unit: 'calls',
    },
  ];
}
