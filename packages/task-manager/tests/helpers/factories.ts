import { LambdaClient } from '@aws-sdk/client-lambda';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type TestTables } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { runWindow, type RunWindow } from '../../src/greenfield.js';
import type { Labourer } from '../../src/labourer.js';
import { TaskManager } from '../../src/task-manager.js';
import type { TaskManagerLogger, TaskRow } from '../../src/types.js';

/** 2023-11-14T22:13:20Z: every test's "now" unless it moves the clock. */
export const NOW_MS = 1_700_000_000_000;
export const NOW = NOW_MS / 1000;

/** A labourer as `resolveLabourers` would give it. */
export function labourer(overrides: Partial<Labourer> = {}): Labourer {
  return {
    id: 'worker',
    arn: 'arn:aws:lambda:us-west-2:000000000000:function:worker',
    maxSimultaneousInvocations: 10,
    maxAttempts: 3,
    duration: 900,
    cooldown: 300,
    healthMetrics: {},
    dispatch: 'continuous',
    ...overrides,
  };
}

/** A logger that keeps what it is told, so tests can read warnings instead of the console. */
export class RecordingLogger implements TaskManagerLogger {
  readonly warnings: { message: string; extra: Record<string, unknown> }[] = [];
  readonly errors: { message: string; extra: Record<string, unknown> }[] = [];
  warn(message: string, extra: Record<string, unknown>): void {
    this.warnings.push({ message, extra });
  }
  error(message: string, extra: Record<string, unknown>): void {
    this.errors.push({ message, extra });
  }
}

/** A Lambda client for tests and its mock (only this instance is mocked). */
export function mockedLambda() {
  const lambda = new LambdaClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  return { lambda, lambdaMock: mockClient(lambda) };
}

/** A task manager on a test file's tables, with a fixed clock, a recording logger and a mocked Lambda. */
export function taskManagerFor(
  tables: TestTables,
  options: { clock?: FixedClock; author?: string; invocationId?: () => string | undefined } = {},
) {
  const db = new DynamoClient();
  const clock = options.clock ?? new FixedClock(NOW_MS);
  const stats = new Stats();
  const logger = new RecordingLogger();
  const { lambda, lambdaMock } = mockedLambda();
  const taskManager = new TaskManager({
    db,
    lambda,
    tables: tables.names,
    clock,
    stats,
    logger,
    author: options.author ?? 'test_author',
    invocationId: options.invocationId,
  });
  return { taskManager, db, clock, stats, logger, lambda, lambdaMock };
}

/** The run window of the default labourer at `nowMs`. */
export function windowAt(nowMs: number = NOW_MS, of: Labourer = labourer()): RunWindow {
  return runWindow(nowMs / 1000, of);
}

/** A task row, written straight to the table to set up a state. */
export function taskRow(overrides: Partial<TaskRow> & Pick<TaskRow, 'task_id'>): TaskRow {
  return {
    labourer_id: 'worker',
    created_at: NOW - 3600,
    greenfield: 5000,
    attempts: 0,
    payload: '{}',
    ...overrides,
  };
}

/** Fresh ids for one test, so tests of a file never see each other's tasks. */
export function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
}
