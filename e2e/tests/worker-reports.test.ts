import { DynamoClient } from '@sosw/dynamo-client';
import { INVOKED_OFFSET_SECONDS, invocationPayload, TaskManager, type TaskRow } from '@sosw/task-manager';
import { createTestTables, startLocalLambda, type LocalLambda, type TestTables } from '@sosw/testing';
import { defineWorker, FatalError, SkipError, ThrottledError, type WorkerLogger } from '@sosw/worker';
import { WorkerAssistant, workerAssistantConfigSchema } from '@sosw/worker-assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A worker built with @sosw/worker reports through the real Lambda API (a local endpoint) to the real
 * worker-assistant, which writes to DynamoDB Local: what the worker's outcome does to its task.
 */

const LABOURER = { id: 'e2e_sdk_worker', duration: 60, cooldown: 0 };

const quiet: WorkerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let tables: TestTables;
let lambda: LocalLambda;
let taskManager: TaskManager;

beforeAll(async () => {
  tables = await createTestTables();
  const config = workerAssistantConfigSchema.parse({
    task_config: {
      labourers: { [LABOURER.id]: { arn: LABOURER.id, duration: LABOURER.duration, cooldown: 0 } },
    },
  });
  const assistant = new WorkerAssistant({
    config,
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
  // The worker's LambdaClient finds the local endpoint here, as a deployed one finds Lambda.
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  taskManager = new TaskManager({ db: new DynamoClient(), tables: { ...tables.names }, author: 'e2e' });
});

afterAll(async () => {
  await lambda.stop();
  await tables.drop();
});

/** A new task of the labourer, claimed as the orchestrator claims it: the event its worker receives. */
async function claimedTaskEvent(payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { created } = await taskManager.createTasks(LABOURER.id, [{ payload }]);
  const task = created[0] as TaskRow;
  const claimed = await taskManager.claim(LABOURER, task, taskManager.window(LABOURER));
  if (claimed === undefined) throw new Error(`task ${task.task_id} could not be claimed`);
  return invocationPayload(claimed.task);
}

/** What the worker-assistant answered to each report, once every report has been handled. */
async function assistantOutcomes(): Promise<unknown[]> {
  await lambda.idle();
  return lambda.invocations.filter((i) => i.name === 'sosw_worker_assistant').map((i) => i.result ?? i.error);
}

const context = () => ({ getRemainingTimeInMillis: () => 60_000, awsRequestId: 'worker-request' });

describe('a worker built with defineWorker, reporting to the real worker-assistant', () => {
  it('a completed task has completed_at, its stats as stat_* and its result as result_*', async () => {
    const handler = defineWorker(
      ({ account }, { stats }) => {
        stats.increment('rows', 3);
        return { account, file: `stats-${String(account)}.csv` };
      },
      { logger: quiet },
    );
    const event = await claimedTaskEvent({ account: 7 });
    const before = Math.floor(Date.now() / 1000);

    await expect(handler(event, context())).resolves.toEqual({ account: 7, file: 'stats-7.csv' });

    expect((await assistantOutcomes()).at(-1)).toEqual({
      task_id: event.task_id,
      action: 'mark_task_as_completed',
      outcome: 'completed',
    });
    const { task, meta } = await taskManager.getTask(event.task_id as string);
    expect(task?.completed_at).toBeGreaterThanOrEqual(before);
    expect(task).toMatchObject({ stat_rows: 3, result_account: 7, result_file: 'stats-7.csv', attempts: 1 });
    expect(meta.map((row) => row.action)).toEqual(['created', 'marked_as_completed']);
  });

  it('a FatalError buries the task now: a closed row with status _0, no task row left', async () => {
    const handler = defineWorker(
      ({ account }) => {
        throw new FatalError(`account ${String(account)} does not exist`);
      },
      { logger: quiet },
    );
    const event = await claimedTaskEvent({ account: 404 });

    await expect(handler(event, context())).rejects.toBeInstanceOf(FatalError);

    expect((await assistantOutcomes()).at(-1)).toMatchObject({ task_id: event.task_id, outcome: 'buried' });
    const { task, closed, meta } = await taskManager.getTask(event.task_id as string);
    expect(task).toBeUndefined();
    expect(closed).toMatchObject({
      task_id: event.task_id,
      labourer_id: LABOURER.id,
      labourer_id_task_status: `${LABOURER.id}_0`,
    });
    const dead = meta.find((row) => row.action === 'archived_dead');
    expect(JSON.stringify(dead?.details)).toContain('FatalError: account 404 does not exist');
  });

  it('a plain error marks the task failed: failed_attempts 1, expired now for the scavenger, not completed', async () => {
    const handler = defineWorker(
      () => {
        throw new Error('stats API timed out');
      },
      { logger: quiet, rethrow: false },
    );
    const event = await claimedTaskEvent({ account: 8 });
    const claimedGreenfield = event.greenfield as number;

    await expect(handler(event, context())).resolves.toBeUndefined();

    expect((await assistantOutcomes()).at(-1)).toMatchObject({ task_id: event.task_id, outcome: 'failed' });
    const { task } = await taskManager.getTask(event.task_id as string);
    expect(task?.failed_attempts).toBe(1);
    expect(task?.completed_at).toBeUndefined();
    expect(task?.greenfield).toBeLessThan(claimedGreenfield);
    const window = taskManager.window(LABOURER);
    expect(task?.greenfield).toBeLessThanOrEqual(window.expired);
    expect(task?.greenfield).toBeGreaterThanOrEqual(window.start);
  });

  it('a SkipError completes the task with result_skipped', async () => {
    const handler = defineWorker(
      () => {
        throw new SkipError('account 9 is inactive');
      },
      { logger: quiet },
    );
    const event = await claimedTaskEvent({ account: 9 });
    await expect(handler(event, context())).resolves.toEqual({ skipped: 'account 9 is inactive' });
    expect((await assistantOutcomes()).at(-1)).toMatchObject({ outcome: 'completed' });
    const { task } = await taskManager.getTask(event.task_id as string);
    expect(task?.completed_at).toBeDefined();
    expect(task?.result_skipped).toBe('account 9 is inactive');
  });

  it('a second delivery of a completed task is refused by the worker-assistant, not written twice', async () => {
    let runs = 0;
    const handler = defineWorker(
      () => {
        runs += 1;
        return { run: runs };
      },
      { logger: quiet },
    );
    const event = await claimedTaskEvent({ account: 10 });
    await handler(event, context());
    await handler(event, context());
    const outcomes = (await assistantOutcomes()).slice(-2);
    expect(outcomes).toMatchObject([{ outcome: 'completed' }, { outcome: 'already_completed' }]);
    const { task } = await taskManager.getTask(event.task_id as string);
    expect(task?.result_run).toBe(1);
  });
});

describe('a late delivery of an attempt that is over (Lambda delivers at least once, and may hold an event for hours)', () => {
  /** The task's failed attempt 1 moved on as the scavenger moves it: to retry, then to the front of the queue. */
  async function requeue(taskId: string): Promise<void> {
    const { task } = await taskManager.getTask(taskId);
    expect((await taskManager.moveToRetry(task as TaskRow, 0)).done).toEqual([taskId]);
    expect((await taskManager.retryToQueue(LABOURER)).done).toContain(taskId);
  }

  it('neither buries the task queued for attempt 2, nor completes attempt 2; attempt 2 then completes', async () => {
    let runs = 0;
    const failsFirst = defineWorker(
      () => {
        runs += 1;
        if (runs === 1) throw new Error('stats API timed out');
        if (runs === 2) throw new FatalError('a late copy of attempt 1 thinks it is fatal');
        return { run: runs };
      },
      { logger: quiet, rethrow: false },
    );
    const attempt1 = await claimedTaskEvent({ account: 11 });
    const taskId = attempt1.task_id as string;
    await failsFirst(attempt1, context());
    expect((await assistantOutcomes()).at(-1)).toMatchObject({ outcome: 'failed' });
    await requeue(taskId);

    // Attempt 1 delivered again while the task waits in the queue: its fatal error buries nothing.
    await failsFirst(attempt1, context());
    expect((await assistantOutcomes()).at(-1)).toMatchObject({ outcome: 'not_invoked' });
    const { task: queued } = await taskManager.getTask(taskId);
    expect(queued).toMatchObject({ attempts: 1 });

    const [next] = await taskManager
      .nextTasks(LABOURER, taskManager.window(LABOURER), 100)
      .then((tasks) => tasks.filter((task) => task.task_id === taskId));
    const claimed = await taskManager.claim(LABOURER, next as TaskRow, taskManager.window(LABOURER));
    const attempt2 = invocationPayload((claimed as { task: TaskRow }).task);
    expect(attempt2.attempts).toBe(2);

    // Attempt 1 delivered once more while attempt 2 runs: its completion is refused.
    await failsFirst(attempt1, context());
    expect((await assistantOutcomes()).at(-1)).toMatchObject({ outcome: 'attempt_mismatch' });
    const { task: running, meta } = await taskManager.getTask(taskId);
    expect(running?.completed_at).toBeUndefined();
    expect(meta.map((row) => [row.action, row.details?.outcome])).toContainEqual([
      'completion_rejected',
      'attempt_mismatch',
    ]);

    // Attempt 2's own completion is taken.
    await failsFirst(attempt2, context());
    expect((await assistantOutcomes()).at(-1)).toMatchObject({ outcome: 'completed' });
    const { task: done } = await taskManager.getTask(taskId);
    expect(done).toMatchObject({ attempts: 2, result_run: 4 });
  });
});

describe('a ThrottledError, through the real worker-assistant', () => {
  it('puts the task back at the head of the queue at once, its attempt given back, throttled_at on the row', async () => {
    const handler = defineWorker(
      () => {
        throw new ThrottledError('the stats API answered HTTP 429');
      },
      { logger: quiet, rethrow: false },
    );
    const event = await claimedTaskEvent({ account: 12 });
    const claimSecond = (event.greenfield as number) - INVOKED_OFFSET_SECONDS;
    const taskId = event.task_id as string;

    await handler(event, context());

    expect((await assistantOutcomes()).at(-1)).toMatchObject({ task_id: taskId, outcome: 'throttled' });
    const { task, meta } = await taskManager.getTask(taskId);
    // The contract an orchestrator reads: the row left the claim's greenfield, and throttled_at is at or
    // after the claim's second.
    expect(task?.greenfield).not.toBe(event.greenfield);
    expect(task?.throttled_at).toBeGreaterThanOrEqual(claimSecond);
    expect(task).toMatchObject({ attempts: 0, throttles: 1 });
    expect(meta.at(-1)).toMatchObject({ action: 'throttled', details: { attempt_given_back: true } });
    const window = taskManager.window(LABOURER);
    const [head] = await taskManager.nextTasks(LABOURER, window, 1);
    expect(head?.task_id).toBe(taskId);
    const again = await taskManager.claim(LABOURER, head as TaskRow, window);
    expect(again?.task.attempts).toBe(1);
  });
});
