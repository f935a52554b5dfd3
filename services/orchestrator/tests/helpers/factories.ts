import { LambdaClient } from '@aws-sdk/client-lambda';
import { FixedClock, Stats, type Clock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import type { MetricSource } from '@sosw/ecology';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { INVOKED_OFFSET_SECONDS, taskState, type TaskRow } from '@sosw/task-manager';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type TestTables, fakeLambdaContext } from '@sosw/testing';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { orchestratorConfigSchema, type OrchestratorConfigInput } from '../../src/config.js';
import { Orchestrator } from '../../src/orchestrator.js';
import type { OrchestratorLogger } from '../../src/types.js';

/** 2023-11-14T22:13:20Z: every test's "now". */
export const NOW_MS = 1_700_000_000_000;
export const NOW = NOW_MS / 1000;

/** The arn of a test labourer's worker Lambda. */
export const arnOf = (labourerId: string) => `arn:aws:lambda:us-east-1:000000000000:function:${labourerId}`;

/** A logger that keeps what it is told. */
export class RecordingLogger implements OrchestratorLogger {
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

/** An orchestrator on a test file's tables with a fixed clock, a mocked Lambda and the given metric source. */
export function orchestratorFor(
  tables: TestTables,
  config: OrchestratorConfigInput,
  options: { metricSource?: MetricSource; clock?: Clock } = {},
) {
  const lambda = new LambdaClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const lambdaMock = mockClient(lambda);
  const stats = new Stats();
  const logger = new RecordingLogger();
  const db = new DynamoClient();
  const clock = options.clock ?? new FixedClock(NOW_MS);
  const orchestrator = new Orchestrator({
    config: orchestratorConfigSchema.parse(config),
    metricSource: options.metricSource,
    db,
    lambda,
    tables: tables.names,
    clock,
    stats,
    logger,
    author: 'test_orchestrator',
  });
  return { orchestrator, lambda, lambdaMock, stats, logger, db, clock };
}

/** Queued tasks of a labourer, greenfields 2000, 3000, ... (the oldest first), written straight to the table. */
export async function queueTasks(db: DynamoClient, tables: TestTables, labourerId: string, count: number) {
  const rows: TaskRow[] = Array.from({ length: count }, (_, i) => ({
    task_id: `${labourerId}-q${String(i).padStart(3, '0')}`,
    labourer_id: labourerId,
    created_at: NOW - 3600,
    greenfield: 2000 + 1000 * i,
    attempts: 0,
    payload: JSON.stringify({ n: i }),
  }));
  await db.batchPut(tables.names.tasks, rows);
  return rows;
}

/** Tasks of a labourer invoked `secondsAgo` ago and not completed. */
export async function invokedTasks(
  db: DynamoClient,
  tables: TestTables,
  labourerId: string,
  count: number,
  secondsAgo: number,
) {
  const rows: TaskRow[] = Array.from({ length: count }, (_, i) => ({
    task_id: `${labourerId}-r${String(i).padStart(3, '0')}`,
    labourer_id: labourerId,
    created_at: NOW - 7200,
    greenfield: NOW + 31_557_600 - secondsAgo,
    attempts: 1,
    payload: '{}',
  }));
  await db.batchPut(tables.names.tasks, rows);
  return rows;
}

/** A Lambda context as the runtime passes it, for the sosw_orchestrator function. */
export const fakeContext = (overrides: Partial<Context> = {}): Context =>
  fakeLambdaContext({ functionName: 'sosw_orchestrator', ...overrides });

/**
 * How many tasks of a labourer run at `nowMs` (invoked, not completed, not expired), read from the tasks
 * table itself with a strongly consistent scan: what the labourer's budget promises about.
 */
export async function runningNow(
  db: DynamoClient,
  tables: TestTables,
  labourer: { id: string; duration: number; cooldown: number },
  nowMs = Date.now(),
): Promise<number> {
  const { Items = [] } = await db.documentClient.send(
    new ScanCommand({ TableName: tables.names.tasks, ConsistentRead: true }),
  );
  const start = Math.floor(nowMs / 1000);
  const window = {
    start,
    invoked: start + INVOKED_OFFSET_SECONDS,
    expired: start + INVOKED_OFFSET_SECONDS - (labourer.duration + labourer.cooldown),
  };
  return (Items as TaskRow[]).filter(
    (task) => task.labourer_id === labourer.id && taskState(task, window) === 'running',
  ).length;
}
