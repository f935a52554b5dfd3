/**
 * One job that chunks to 100,000 tasks (sosw's goal, its issue #33), scheduled against DynamoDB Local:
 * reports tasks written per second and DynamoDB calls per 1,000 tasks. `SOSW_BENCH_TASKS` changes the size
 * (a multiple of 1,000).
 */
import { Stats } from '@sosw/core';
import { createTestBucket, createTestTables, LOCAL_S3_CLIENT_CONFIG } from '@sosw/testing';
import { S3Client } from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { parseSchedulerConfig, Scheduler } from '../src/index.js';

const TASKS = Number(process.env.SOSW_BENCH_TASKS ?? 100_000);
const STORES_PER_SECTION = 1_000;

it(`schedules one job of ${TASKS} tasks`, async () => {
  const tables = await createTestTables();
  const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);
  const bucket = await createTestBucket({ client: s3 });
  try {
    // The scheduler's own wiring (DynamoClient, TaskManager), on this run's tables.
    process.env.SOSW_TABLE_PREFIX = tables.prefix;
    const stats = new Stats();
    const config = parseSchedulerConfig({
      s3_bucket: bucket,
      task_config: {
        labourers: { worker: { arn: 'arn:aws:lambda:us-east-1:000000000000:function:worker' } },
      },
      job_schema: { chunkable_attrs: ['section', 'store'] },
    });
    const quiet = { info: () => undefined, warn: console.warn, error: console.error };
    const scheduler = new Scheduler({ config, s3, stats, logger: quiet });
    const sections = Object.fromEntries(
      Array.from({ length: TASKS / STORES_PER_SECTION }, (_, s) => [
        `section-${s}`,
        { stores: Array.from({ length: STORES_PER_SECTION }, (_, i) => `store-${s}-${i}`) },
      ]),
    );
    const job = { lambda_name: 'worker', isolate_stores: true, sections };
    const context = {
      awsRequestId: 'bench',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:sosw_scheduler',
      getRemainingTimeInMillis: () => 900_000,
    };

    const started = performance.now();
    const result = await scheduler.run({ job }, context);
    const seconds = (performance.now() - started) / 1000;

    const counters = stats.current();
    const calls = Object.entries(counters).filter(
      ([name]) => name.startsWith('dynamodb_') && name.endsWith('_calls'),
    );
    const totalCalls = calls.reduce((sum, [, n]) => sum + n, 0);
    const report = {
      tasks: result.tasks_created,
      seconds: Number(seconds.toFixed(1)),
      tasks_per_second: Math.round(result.tasks_created / seconds),
      dynamodb_calls_per_1000_tasks: Number(((totalCalls / result.tasks_created) * 1000).toFixed(1)),
      dynamodb_calls: Object.fromEntries(calls),
      heap_used_mb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    };
    console.log(`[@sosw/scheduler bench] ${JSON.stringify(report, null, 2)}`);
    expect(result.tasks_created).toBe(TASKS);
  } finally {
    s3.destroy();
    await tables.drop();
  }
});
