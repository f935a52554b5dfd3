import {
  InvokeCommand,
  LambdaClient,
  type LambdaClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-lambda';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { runWindow, TaskManager, taskPayload, type TaskRow } from '@sosw/task-manager';
import { LOCAL_CREDENTIALS, LOCAL_REGION, LOCAL_S3_CLIENT_CONFIG, type TestTables } from '@sosw/testing';
import type { AwsStub } from 'aws-sdk-client-mock';
import { Scheduler, type ResumePointer, type SchedulerConfig } from '../../src/index.js';

/** "Now" in the integration tests: 2019-01-30, the issue's examples' day. */
export const NOW_MS = Date.UTC(2019, 0, 30, 12);

export const s3 = new S3Client(LOCAL_S3_CLIENT_CONFIG);

/** A quiet logger that keeps what it was told. */
export function recordingLogger() {
  const lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, extra: Record<string, unknown>) => {
    lines.push({ level, message, extra });
  };
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

/** A scheduler on the test tables, with its own DynamoClient (so a test can spy on its writes). */
export function buildScheduler(tables: TestTables, config: SchedulerConfig) {
  const stats = new Stats();
  const db = new DynamoClient({ stats });
  const clock = new FixedClock(NOW_MS);
  const { tasks, closed, retry, meta, dispatch } = tables.names;
  const logger = recordingLogger();
  const taskManager = new TaskManager({
    db,
    // It sends the dispatch requests to the orchestrator (the test files mock every LambdaClient).
    lambda: new LambdaClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    tables: { tasks, closed, retry, meta, dispatch },
    clock,
    stats,
    logger,
  });
  const scheduler = new Scheduler({ config, taskManager, s3, clock, stats, logger });
  return { scheduler, db, taskManager, stats, logger };
}

/** A labourer's queued tasks, first in first out, with their payloads parsed. */
export async function queuedTasks(
  taskManager: TaskManager,
  labourerId: string,
): Promise<(TaskRow & { body: Record<string, unknown> })[]> {
  const window = runWindow(NOW_MS / 1000, { duration: 900, cooldown: 300 });
  const rows = await taskManager.nextTasks({ id: labourerId }, window, 1_000_000);
  return rows.map((row) => ({ ...row, body: taskPayload(row) }));
}

/** The text of an S3 object, or `undefined` when there is none. */
export async function objectText(bucket: string, key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body?.transformToString('utf-8');
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * The resume payloads the scheduler sent to itself with `Invoke`, with the other parameters of each call
 * (not the dispatch requests its task manager sends to the orchestrator).
 */
export function invocations(
  lambda: AwsStub<ServiceInputTypes, ServiceOutputTypes, LambdaClientResolvedConfig>,
) {
  const calls = lambda
    .commandCalls(InvokeCommand)
    .filter((call) => call.args[0].input.FunctionName !== 'sosw_orchestrator');
  return calls.map((call) => {
    const input = call.args[0].input;
    const payload = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as {
      resume: ResumePointer;
    };
    return { functionName: input.FunctionName, invocationType: input.InvocationType, payload };
  });
}
