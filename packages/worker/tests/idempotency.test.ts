import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { uniqueTablePrefix } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineWorker, idempotentRunner, isRunInProgress } from '../src/index.js';
import { ATTEMPT_1, lambdaContext, recordingLogger, sleep, taskEvent } from './helpers/factories.js';
import { startAssistantRecorder } from './helpers/local-assistant.js';

const dynamodb = new DynamoDBClient({});
const tableName = `${uniqueTablePrefix()}idempotency`;
let assistant: Awaited<ReturnType<typeof startAssistantRecorder>>;

beforeAll(async () => {
  assistant = await startAssistantRecorder();
  // Powertools' layout: partition key `id` (S).
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});
afterAll(async () => {
  await assistant.stop();
  await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
});

function countingWorker(work: (runs: number) => Promise<Record<string, unknown>> | Record<string, unknown>) {
  let runs = 0;
  const handler = defineWorker(
    async (_input, { stats }) => {
      runs += 1;
      stats.increment('rows', 2);
      return work(runs);
    },
    { logger: recordingLogger(), idempotency: { tableName, client: dynamodb, keyPrefix: 'worker-test' } },
  );
  return { handler, runs: () => runs };
}

describe('idempotency on task id + attempt (DynamoDB Local)', () => {
  it('runs fn once per attempt: a second delivery returns and reports the stored result and stats', async () => {
    const worker = countingWorker((runs) => ({ run: runs }));
    const event = taskEvent({ account: 7 }, { task_id: 'idem-1', attempts: 1 });

    expect(await worker.handler(event, lambdaContext())).toEqual({ run: 1 });
    expect(await worker.handler(event, lambdaContext())).toEqual({ run: 1 });
    expect(worker.runs()).toBe(1);

    const completed = {
      action: 'mark_task_as_completed',
      task_id: 'idem-1',
      labourer_id: 'echo',
      ...ATTEMPT_1,
      stats: { rows: 2 },
      result: { run: 1 },
    };
    expect(await assistant.reports()).toEqual([completed, completed]);

    const { Items } = await dynamodb.send(new ScanCommand({ TableName: tableName }));
    expect(Items?.map((item) => item.id?.S)).toContainEqual(expect.stringMatching(/^worker-test#/));
    expect(Items?.find((item) => item.status?.S === 'COMPLETED')).toBeDefined();
  });

  it('keys on the attempt and the task, not on the payload', async () => {
    const worker = countingWorker((runs) => ({ run: runs }));
    await worker.handler(taskEvent({ a: 1 }, { task_id: 'idem-2', attempts: 1 }), lambdaContext());
    // Same task and attempt, another payload: still the stored result.
    expect(
      await worker.handler(taskEvent({ a: 2 }, { task_id: 'idem-2', attempts: 1 }), lambdaContext()),
    ).toEqual({
      run: 1,
    });
    // The scavenger's retry is a new attempt: it runs again.
    expect(
      await worker.handler(taskEvent({ a: 1 }, { task_id: 'idem-2', attempts: 2 }), lambdaContext()),
    ).toEqual({
      run: 2,
    });
    // Another task, same attempt: runs.
    expect(
      await worker.handler(taskEvent({ a: 1 }, { task_id: 'idem-3', attempts: 1 }), lambdaContext()),
    ).toEqual({
      run: 3,
    });
    expect(worker.runs()).toBe(3);
    await assistant.reports();
  });

  it('stores nothing for a run that failed, so the same attempt can run again', async () => {
    const worker = countingWorker((runs) => {
      if (runs === 1) throw new Error('flaky');
      return { run: runs };
    });
    const event = taskEvent({}, { task_id: 'idem-4', attempts: 1 });
    await expect(worker.handler(event, lambdaContext())).rejects.toThrow('flaky');
    expect(await worker.handler(event, lambdaContext())).toEqual({ run: 2 });
    expect(await assistant.reports()).toMatchObject([
      { action: 'mark_task_as_failed', task_id: 'idem-4' },
      { action: 'mark_task_as_completed', task_id: 'idem-4', result: { run: 2 } },
    ]);
  });

  it('a delivery that arrives while the same attempt is running reports nothing and returns undefined', async () => {
    const worker = countingWorker(async (runs) => {
      await sleep(300);
      return { run: runs };
    });
    const event = taskEvent({}, { task_id: 'idem-5', attempts: 1 });
    const first = worker.handler(event, lambdaContext());
    await sleep(100);
    await expect(worker.handler(event, lambdaContext())).resolves.toBeUndefined();
    expect(await first).toEqual({ run: 1 });
    expect(worker.runs()).toBe(1);
    expect(await assistant.reports()).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 'idem-5',
        labourer_id: 'echo',
        ...ATTEMPT_1,
        stats: { rows: 2 },
        result: { run: 1 },
      },
    ]);
  });

  it('idempotentRunner on its own: in progress is recognised', async () => {
    const runOnce = idempotentRunner({ tableName, client: dynamodb, keyPrefix: 'runner-test' });
    const key = { task_id: 'idem-6', attempt: 1 };
    const slow = runOnce(key, lambdaContext(), async () => {
      await sleep(200);
      return { v: 1 };
    });
    await sleep(50);
    const error: unknown = await runOnce(key, undefined, () => Promise.resolve({ v: 2 })).catch(
      (e: unknown) => e,
    );
    expect(isRunInProgress(error)).toBe(true);
    expect(isRunInProgress(new Error('x'))).toBe(false);
    expect(await slow).toEqual({ v: 1 });
    expect(await runOnce(key, undefined, () => Promise.resolve({ v: 3 }))).toEqual({ v: 1 });
  });
});
