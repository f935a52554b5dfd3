import { LambdaClient } from '@aws-sdk/client-lambda';
import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { saveConfig } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import type { MetaRow, TaskRow } from '@sosw/task-manager';
import { createTestTables, type TestTables } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { handler } from '../src/handler.js';
import { arnOf, fakeContext, TOPIC_ARN } from './helpers/factories.js';

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

it('runs the scavenger with its config from the config table and returns the summary', async () => {
  // The handler builds its own clients: mock every instance.
  const lambdaMock = mockClient(LambdaClient);
  const snsMock = mockClient(SNSClient);
  snsMock.on(PublishBatchCommand).resolves({ Successful: [{ Id: 'm0', MessageId: 'x' }], Failed: [] });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true); // Powertools log lines
  await saveConfig('sosw_essential_config', {
    task_config: { labourers: { swept: { arn: arnOf('swept'), duration: 60, max_attempts: 2 } } },
  });
  await saveConfig('sosw_scavenger_config', { dead_letter_topic_arn: TOPIC_ARN });
  const db = new DynamoClient();
  const now = Math.floor(Date.now() / 1000);
  const invokedLongAgo = now + 31_557_600 - 5000;
  const row = (task_id: string, extra: Partial<TaskRow>): TaskRow => ({
    task_id,
    labourer_id: 'swept',
    created_at: now - 9000,
    greenfield: invokedLongAgo,
    attempts: 1,
    payload: '{}',
    ...extra,
  });
  await db.batchPut(tables.names.tasks, [
    row('done', { completed_at: now - 10 }),
    row('again', { attempts: 1 }),
    row('dead', { attempts: 2 }),
  ]);

  const context = fakeContext();
  expect(await handler({}, context)).toEqual({
    swept: {
      archived: 1,
      moved_to_retry: 1,
      buried: 1,
      retried: 0,
      skipped: 0,
      failed: 0,
      dead_letters_published: 1,
      dead_letters_failed: 0,
    },
  });
  expect(snsMock.commandCalls(PublishBatchCommand)).toHaveLength(1);
  expect(lambdaMock.calls()).toHaveLength(0); // durations from config: no Lambda call
  const [meta] = await db.query<MetaRow>(tables.names.meta, {
    partitionKey: { name: 'task_id', value: 'dead' },
  });
  expect(meta).toMatchObject({
    action: 'archived_dead',
    author: 'sosw_scavenger',
    invocation_id: context.awsRequestId,
  });
  lambdaMock.restore();
  snsMock.restore();
});
