import { LambdaClient } from '@aws-sdk/client-lambda';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import type { MetaRow, TaskRow } from '@sosw/task-manager';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type TestTables, fakeLambdaContext } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { workerAssistantConfigSchema, type WorkerAssistantConfigInput } from '../../src/config.js';
import type { WorkerAssistantLogger } from '../../src/types.js';
import { WorkerAssistant } from '../../src/worker-assistant.js';

/** 2023-11-14T22:13:20Z: every test's "now". */
export const NOW_MS = 1_700_000_000_000;
export const NOW = NOW_MS / 1000;
/** What a claim made now sets the greenfield to. */
export const INVOKED = NOW + 31_557_600;

export const arnOf = (labourerId: string) => `arn:aws:lambda:us-east-1:000000000000:function:${labourerId}`;

/** A logger that keeps what it is told. */
export class RecordingLogger implements WorkerAssistantLogger {
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
}

/** Labourers of the tests: `timed` has its duration in config, `lambda_timed` takes its Lambda's timeout. */
export const CONFIG: WorkerAssistantConfigInput = {
  task_config: {
    labourers: {
      timed: { arn: arnOf('timed'), duration: 60, cooldown: 300 },
      lambda_timed: { arn: arnOf('lambda_timed'), cooldown: 100 },
    },
  },
};

/** A worker-assistant on a test file's tables with a fixed clock and a mocked Lambda client. */
export function assistantFor(tables: TestTables, config: WorkerAssistantConfigInput = CONFIG) {
  const lambda = new LambdaClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const lambdaMock = mockClient(lambda);
  const clock = new FixedClock(NOW_MS);
  const stats = new Stats();
  const logger = new RecordingLogger();
  const db = new DynamoClient();
  const assistant = new WorkerAssistant({
    config: workerAssistantConfigSchema.parse(config),
    db,
    lambda,
    tables: tables.names,
    clock,
    stats,
    logger,
    author: 'test_assistant',
  });
  return { assistant, lambdaMock, clock, stats, logger, db };
}

/** An invoked (running) task, written straight to the table. */
export function invokedTask(taskId: string, labourerId = 'timed', overrides: Partial<TaskRow> = {}): TaskRow {
  return {
    task_id: taskId,
    labourer_id: labourerId,
    created_at: NOW - 3600,
    greenfield: INVOKED - 10,
    attempts: 1,
    payload: '{}',
    ...overrides,
  };
}

/** A task's meta rows, oldest first. */
export function metaOf(db: DynamoClient, tables: TestTables, taskId: string) {
  return db.query<MetaRow>(tables.names.meta, {
    partitionKey: { name: 'task_id', value: taskId },
    consistent: true,
  });
}

/** A Lambda context as the runtime passes it, for the sosw_worker_assistant function. */
export const fakeContext = (overrides: Partial<Context> = {}): Context =>
  fakeLambdaContext({ functionName: 'sosw_worker_assistant', ...overrides });
