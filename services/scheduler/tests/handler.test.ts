import { FixedClock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { TaskManager } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { queuedTasks } from './helpers/harness.js';

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await tables.drop();
});

function context(requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'sosw_scheduler',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:sosw_scheduler',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/sosw_scheduler',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 900_000,
  } as Context; // the deprecated callbacks (done, fail, succeed) are not used by anyone
}

it('the Lambda handler loads its config, schedules a job and returns the summary', async () => {
  vi.stubEnv('SOSW_TABLE_PREFIX', tables.prefix);
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'sosw_scheduler');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
  vi.stubEnv(
    'SOSW_CONFIG',
    JSON.stringify({
      s3_bucket: 'unused-here',
      task_config: {
        labourers: { worker: { arn: 'arn:aws:lambda:us-east-1:000000000000:function:worker' } },
      },
      job_schema_variants: { default: { chunkable_attrs: [['store', {}]] } },
    }),
  );
  const { handler } = await import('../src/handler.js');

  const result = await handler(
    { job: { lambda_name: 'worker', isolate_stores: true, stores: ['a', 'b', 'c'] } },
    context('handler-req'),
  );

  expect(result).toEqual({ job_id: 'handler-req', tasks_created: 3 });
  const { tasks, closed, retry, meta, dispatch } = tables.names;
  const taskManager = new TaskManager({
    db: new DynamoClient(),
    tables: { tasks, closed, retry, meta, dispatch },
    clock: new FixedClock(Date.now()),
  });
  const queued = await queuedTasks(taskManager, 'worker');
  expect(queued.map((t) => [t.task_id, t.body.stores])).toEqual([
    ['handler-req-0', ['a']],
    ['handler-req-1', ['b']],
    ['handler-req-2', ['c']],
  ]);
});
