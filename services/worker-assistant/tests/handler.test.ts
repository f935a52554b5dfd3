import { LambdaClient } from '@aws-sdk/client-lambda';
import { saveConfig, ValidationError } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import type { TaskRow } from '@sosw/task-manager';
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

it('records reports with its config from the config table and answers { task_id, action, outcome }', async () => {
  const lambdaMock = mockClient(LambdaClient); // the handler builds its own client
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // Powertools log lines
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await saveConfig('sosw_essential_config', {
    task_config: { labourers: { reported: { arn: arnOf('reported'), duration: 30, cooldown: 30 } } },
  });
  const db = new DynamoClient();
  const now = Math.floor(Date.now() / 1000);
  const task = (task_id: string): TaskRow => ({
    task_id,
    labourer_id: 'reported',
    created_at: now - 60,
    greenfield: now + 31_557_600 - 5,
    attempts: 1,
    payload: '{}',
  });
  await db.batchPut(tables.names.tasks, [task('ok'), task('bad')]);

  const context = fakeContext();
  expect(
    await handler({ action: 'mark_task_as_completed', task_id: 'ok', stats: '{"rows": 3}' }, context),
  ).toEqual({ task_id: 'ok', action: 'mark_task_as_completed', outcome: 'completed' });
  expect(await handler({ action: 'mark_task_as_failed', task_id: 'bad' }, fakeContext())).toEqual({
    task_id: 'bad',
    action: 'mark_task_as_failed',
    outcome: 'failed',
  });
  await expect(
    handler({ action: 'mark_task_as_completed', task_id: 7 }, fakeContext()),
  ).rejects.toBeInstanceOf(ValidationError);

  // The completed meta row, kept on the task until the scavenger archives it.
  expect(
    (await db.get<TaskRow>(tables.names.tasks, { task_id: 'ok' }, { consistent: true }))?.completion,
  ).toEqual({
    created_at: expect.any(Number) as number,
    author: 'sosw_worker_assistant',
    invocation_id: context.awsRequestId,
  });
  expect((await db.get<TaskRow>(tables.names.tasks, { task_id: 'bad' }))?.failed_attempts).toBe(1);
  expect(lambdaMock.calls()).toHaveLength(0); // the duration is in config
  lambdaMock.restore();
});
