import { Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { invocationPayload, TaskManager, type TaskRow } from '@sosw/task-manager';
import { createTestTables, startLocalLambda, type LocalLambda, type TestTables } from '@sosw/testing';
import type { WorkerLogger } from '@sosw/worker';
import { WorkerAssistant, workerAssistantConfigSchema } from '@sosw/worker-assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../src/handler.js';
import { echo, echoWorker, LABOURER_ID } from '../src/index.js';

/**
 * The deployed handler, end to end: a task claimed as the orchestrator claims it, the echo worker, its
 * report through the real Lambda API (a local endpoint) to the real worker-assistant on DynamoDB Local.
 */

const quiet: WorkerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const labourer = { id: LABOURER_ID, duration: 60, cooldown: 0 };
const lambdaContext = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'echo-request' };

let tables: TestTables;
let lambda: LocalLambda;
let taskManager: TaskManager;

beforeAll(async () => {
  tables = await createTestTables();
  const assistant = new WorkerAssistant({
    config: workerAssistantConfigSchema.parse({
      task_config: { labourers: { [LABOURER_ID]: { arn: LABOURER_ID, duration: 60, cooldown: 0 } } },
    }),
    tables: { ...tables.names },
    logger: quiet,
    author: 'sosw_worker_assistant',
  });
  lambda = await startLocalLambda({
    functions: {
      sosw_worker_assistant: {
        handler: (event, context) => assistant.handle(event, { invocationId: context.awsRequestId }),
      },
    },
  });
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  taskManager = new TaskManager({ db: new DynamoClient(), tables: { ...tables.names }, author: 'test' });
});

afterAll(async () => {
  await lambda.stop();
  await tables.drop();
});

async function claimedTaskEvent(payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { created } = await taskManager.createTasks(LABOURER_ID, [{ payload }]);
  const claimed = await taskManager.claim(labourer, created[0] as TaskRow, taskManager.window(labourer));
  if (claimed === undefined) throw new Error('the task could not be claimed');
  return invocationPayload(claimed.task);
}

const assistantInvocations = async () => {
  await lambda.idle();
  return lambda.invocations.filter((invocation) => invocation.name === 'sosw_worker_assistant');
};

describe('the example-echo handler', () => {
  it('completes its task with the payload as result_* and the stat echoed_fields', async () => {
    const event = await claimedTaskEvent({ greeting: 'hello', count: 2 });
    const before = Math.floor(Date.now() / 1000);

    await expect(handler(event, lambdaContext)).resolves.toEqual({ greeting: 'hello', count: 2 });

    const reports = await assistantInvocations();
    expect(reports.at(-1)?.payload).toEqual({
      action: 'mark_task_as_completed',
      task_id: event.task_id,
      labourer_id: LABOURER_ID,
      // The attempt the report is about, as the claim left the task: the worker-assistant binds to it.
      attempts: 1,
      greenfield: event.greenfield,
      stats: { echoed_fields: 2 },
      result: { greeting: 'hello', count: 2 },
    });
    expect(reports.at(-1)?.result).toMatchObject({ task_id: event.task_id, outcome: 'completed' });
    const { task } = await taskManager.getTask(event.task_id as string);
    expect(task?.completed_at).toBeGreaterThanOrEqual(before);
    expect(task).toMatchObject({ result_greeting: 'hello', result_count: 2, stat_echoed_fields: 2 });
  });

  it('invoked directly (no task_id) returns the payload and reports nothing', async () => {
    const reportsBefore = (await assistantInvocations()).length;

    await expect(echoWorker({ logger: quiet })({ greeting: 'hi' })).resolves.toEqual({ greeting: 'hi' });

    expect(await assistantInvocations()).toHaveLength(reportsBefore);
  });
});

describe('echo', () => {
  it('returns a copy of its input and counts its fields', () => {
    const stats = new Stats();
    const input = { a: 1, b: [2] };

    const result = echo(input, { stats });

    expect(result).toEqual(input);
    expect(result).not.toBe(input);
    expect(stats.current()).toEqual({ echoed_fields: 2 });
  });
});
