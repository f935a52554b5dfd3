import { randomUUID } from 'node:crypto';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PublishBatchCommand, SNSClient, type PublishBatchCommandInput } from '@aws-sdk/client-sns';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import type { MetaRow, RetryTaskRow, TaskRow } from '@sosw/task-manager';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type TestTables, fakeLambdaContext } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { scavengerConfigSchema, type ScavengerConfigInput } from '../../src/config.js';
import type { DeadLetterMessage } from '../../src/dead-letter.js';
import { Scavenger } from '../../src/scavenger.js';
import type { ScavengerLogger } from '../../src/types.js';

/** 2023-11-14T22:13:20Z: every test's "now". */
export const NOW_MS = 1_700_000_000_000;
export const NOW = NOW_MS / 1000;
/** What a claim made now sets the greenfield to. */
export const INVOKED = NOW + 31_557_600;
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:sosw_dead_tasks';

export const arnOf = (labourerId: string) => `arn:aws:lambda:us-east-1:000000000000:function:${labourerId}`;

/** A labourer of 60 s runs (expired 360 s after its invocation) and 3 attempts. */
export const labourerConfig = (id: string) => ({ arn: arnOf(id), duration: 60, max_attempts: 3 });

/** A logger that keeps what it is told. */
export class RecordingLogger implements ScavengerLogger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string; extra: Record<string, unknown> }[] =
    [];
  info(message: string, extra: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, extra });
  }
  warn(message: string, extra: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, extra });
  }
  error(message: string, extra: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, extra });
  }
  errors() {
    return this.lines.filter((line) => line.level === 'error');
  }
}

export type SnsMock = ReturnType<typeof mockSns>;
const mockSns = (sns: SNSClient) => mockClient(sns);

/** A scavenger on a test file's tables with a fixed clock and mocked Lambda and SNS clients. */
export function scavengerFor(
  tables: TestTables,
  config: ScavengerConfigInput,
  clock = new FixedClock(NOW_MS),
) {
  const lambda = new LambdaClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const sns = new SNSClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const snsMock = mockSns(sns);
  // By default SNS takes every message.
  snsMock.on(PublishBatchCommand).callsFake((input: PublishBatchCommandInput) => ({
    Successful: (input.PublishBatchRequestEntries ?? []).map((entry) => ({
      Id: entry.Id,
      MessageId: randomUUID(),
    })),
    Failed: [],
  }));
  const stats = new Stats();
  const logger = new RecordingLogger();
  const db = new DynamoClient();
  const scavenger = new Scavenger({
    config: scavengerConfigSchema.parse(config),
    db,
    lambda,
    sns,
    tables: tables.names,
    clock,
    stats,
    logger,
    author: 'test_scavenger',
  });
  return { scavenger, lambda, lambdaMock: mockClient(lambda), sns, snsMock, stats, logger, db, clock };
}

/** The dead-letter messages SNS was sent, in order. */
export function publishedMessages(snsMock: SnsMock): DeadLetterMessage[] {
  return snsMock
    .commandCalls(PublishBatchCommand)
    .flatMap((call) => call.args[0].input.PublishBatchRequestEntries ?? [])
    .map((entry) => JSON.parse(entry.Message!) as DeadLetterMessage);
}

/** A task row of a labourer. */
export function taskRow(labourerId: string, name: string, overrides: Partial<TaskRow> = {}): TaskRow {
  return {
    task_id: `${labourerId}-${name}`,
    labourer_id: labourerId,
    created_at: NOW - 7200,
    greenfield: 5000,
    attempts: 0,
    payload: JSON.stringify({ name }),
    ...overrides,
  };
}

/** An invoked task that has expired (invoked 1000 s ago, a 60 s labourer) after `attempts` attempts. */
export const expiredRow = (labourerId: string, name: string, attempts: number) =>
  taskRow(labourerId, name, { greenfield: INVOKED - 1000, attempts });

/** A completed task, invoked 100 s ago. */
export const completedRow = (labourerId: string, name: string) =>
  taskRow(labourerId, name, { greenfield: INVOKED - 100, attempts: 1, completed_at: NOW - 50, stat_rows: 7 });

/** A retry row due at `desiredLaunchTime`. */
export const retryRow = (labourerId: string, name: string, desiredLaunchTime: number): RetryTaskRow => ({
  ...taskRow(labourerId, name, { greenfield: INVOKED - 5000, attempts: 1 }),
  desired_launch_time: desiredLaunchTime,
});

/** Where a task is now: which of the three tables hold it. */
export async function whereIs(
  db: DynamoClient,
  tables: TestTables,
  task: { task_id: string; labourer_id: string },
) {
  const [inTasks, inRetry, inClosed] = await Promise.all([
    db.get(tables.names.tasks, { task_id: task.task_id }, { consistent: true }),
    db.get(
      tables.names.retry,
      { labourer_id: task.labourer_id, task_id: task.task_id },
      { consistent: true },
    ),
    db.get(tables.names.closed, { task_id: task.task_id }, { consistent: true }),
  ]);
  return [inTasks && 'tasks', inRetry && 'retry', inClosed && 'closed'].filter(Boolean);
}

/** The actions of a task's meta rows, oldest first. */
export async function metaActions(db: DynamoClient, tables: TestTables, taskId: string) {
  const rows = await db.query<MetaRow>(tables.names.meta, {
    partitionKey: { name: 'task_id', value: taskId },
    consistent: true,
  });
  return rows.map((row) => row.action);
}

/** A Lambda context as the runtime passes it, for the sosw_scavenger function. */
export const fakeContext = (overrides: Partial<Context> = {}): Context =>
  fakeLambdaContext({ functionName: 'sosw_scavenger', ...overrides });
