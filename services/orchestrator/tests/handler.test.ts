import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { saveConfig } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import type { MetaRow, TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { handler } from '../src/handler.js';
import { arnOf, fakeContext } from './helpers/factories.js';

let tables: TestTables;
const previousPrefix = process.env.SOSW_TABLE_PREFIX;
beforeAll(async () => {
  tables = await createTestTables();
  // The handler finds its config and task tables under this prefix, as a deployed one would.
  process.env.SOSW_TABLE_PREFIX = tables.prefix;
});
afterAll(async () => {
  process.env.SOSW_TABLE_PREFIX = previousPrefix;
  await tables.drop();
});

it('runs the orchestrator with its config from the config table and returns the summary', async () => {
  // Every LambdaClient the bundle makes is mocked: the handler builds its own.
  const lambdaMock = mockClient(LambdaClient);
  lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // Powertools log lines
  await saveConfig('sosw_essential_config', {
    task_config: {
      labourers: { handled: { arn: arnOf('handled'), max_simultaneous_invocations: 2, duration: 60 } },
    },
  });
  await saveConfig('sosw_orchestrator_config', { invoke_concurrency: 2 });
  const db = new DynamoClient();
  const now = Math.floor(Date.now() / 1000);
  const tasks: TaskRow[] = ['h1', 'h2', 'h3'].map((task_id, i) => ({
    task_id,
    labourer_id: 'handled',
    created_at: now - 60,
    greenfield: 2000 + 1000 * i,
    attempts: 0,
    payload: '{}',
  }));
  await db.batchPut(tables.names.tasks, tasks);

  // 1.5 s past the 10 s the orchestrator keeps before its timeout: it dispatches for about 1.5 s, finds
  // both slots taken all along (nothing completes), and lets go.
  const context = fakeContext({ getRemainingTimeInMillis: () => 11_500 });
  const startedAt = Date.now();
  expect(await handler({}, context)).toEqual({
    handled: { budget: 2, running: 2, invoked: 2, skipped: 0, failed: 0, lease: 'taken' },
  });
  expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_500);

  expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(2);
  const [meta] = await db.query<MetaRow>(tables.names.meta, {
    partitionKey: { name: 'task_id', value: 'h1' },
  });
  expect(meta).toMatchObject({
    action: 'invoked',
    author: 'sosw_orchestrator',
    invocation_id: context.awsRequestId,
  });
  // A warm container: the next invocation runs again with the same processor; 2 are running now. With
  // only the 10 s it keeps, it makes one pass.
  expect(await handler({}, fakeContext({ getRemainingTimeInMillis: () => 10_000 }))).toEqual({
    handled: { budget: 2, running: 2, invoked: 0, skipped: 0, failed: 0, lease: 'taken' },
  });
  lambdaMock.restore();
});
