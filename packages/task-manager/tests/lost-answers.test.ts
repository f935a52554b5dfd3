import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FixedClock, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, startFaultProxy, type FaultProxy, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabourerLeases } from '../src/dispatch/lease.js';
import { RunningLedger } from '../src/dispatch/running-ledger.js';
import { TaskManager } from '../src/task-manager.js';
import type { TaskRow } from '../src/types.js';
import { labourer, mockedLambda, NOW_MS, RecordingLogger, windowAt } from './helpers/factories.js';

/**
 * Conditional writes whose answer is lost AFTER DynamoDB wrote them: the SDK sends them again, and the
 * retry fails its condition on the first try's own write. The fault proxy drops the first answer and
 * passes the retry (seed 8 draws a drop, then a pass).
 */

let tables: TestTables;
let proxy: FaultProxy;
beforeAll(async () => {
  tables = await createTestTables();
  proxy = await startFaultProxy({ target: process.env.AWS_ENDPOINT_URL_DYNAMODB!, log: () => undefined });
});
afterAll(async () => {
  await proxy.stop();
  await tables.drop();
});

/** A task manager whose DynamoDB requests go through the fault proxy. */
function taskManagerThroughProxy() {
  const client = new DynamoDBClient({ endpoint: proxy.endpoint, maxAttempts: 3 });
  const { lambda, lambdaMock } = mockedLambda();
  const taskManager = new TaskManager({
    db: new DynamoClient({ client }),
    lambda,
    tables: tables.names,
    clock: new FixedClock(NOW_MS),
    stats: new Stats(),
    logger: new RecordingLogger(),
    author: 'test_author',
  });
  return { taskManager, lambdaMock };
}

/** Runs `act` with the first answer to an `operation` lost after DynamoDB wrote it. */
async function withFirstAnswerLost<T>(operation: string, act: () => Promise<T>): Promise<T> {
  const before = proxy.counts().dropAfter;
  proxy.setFaults({ dropAfter: 0.5, operations: [operation], seed: 8 });
  try {
    return await act();
  } finally {
    proxy.setFaults(undefined);
    expect(proxy.counts().dropAfter - before).toBe(1);
  }
}

describe('a claim written but answered with a dropped connection', () => {
  // The task is running as far as the table says (greenfield = the claim's), so the dispatcher's ledger
  // must keep counting it, or the next refill invokes one task more than the budget (the chaos suite's
  // `cap_exceeded`, DynamoDB faults, seed 677612936).
  it('stays counted in the ledger, and its task is not invoked (the claim may be anyone’s)', async () => {
    const worker = labourer({ id: 'lost-claim' });
    const { taskManager, lambdaMock } = taskManagerThroughProxy();
    await taskManager.createTasks(worker.id, [{ task_id: 'lost-1' }]);
    const window = windowAt();
    const ledger = new RunningLedger();

    const result = await withFirstAnswerLost('UpdateItem', () =>
      taskManager.claimAndInvoke(worker, window, 1, { ledger }),
    );

    expect(result).toMatchObject({ invoked: 0, skipped: 1 });
    const row = await new DynamoClient().get<TaskRow>(tables.names.tasks, { task_id: 'lost-1' });
    expect(row).toMatchObject({ greenfield: window.invoked, attempts: 1 });
    // Running in the table, so counted against the budget ...
    expect(ledger.taskIds()).toEqual(['lost-1']);
    // ... and still counted after a consistent read, until the attempt completes or expires.
    await taskManager.settleRunning(window, ledger);
    expect(ledger.taskIds()).toEqual(['lost-1']);
    // Not invoked: nothing tells this run that the claim that landed was its own.
    expect(lambdaMock.calls()).toHaveLength(0);
  });
});

describe('a lease taken but answered with a dropped connection', () => {
  it('is this holder’s: acquire reads its own token back, and does not report somebody else holding it', async () => {
    const db = new DynamoClient({ client: new DynamoDBClient({ endpoint: proxy.endpoint, maxAttempts: 3 }) });
    const leases = new LabourerLeases({ db, table: tables.names.dispatch, clock: new FixedClock(NOW_MS) });

    const result = await withFirstAnswerLost('PutItem', () =>
      leases.acquire('lost-lease', { owner: 'me', endsAtMs: NOW_MS + 60_000 }),
    );

    expect(result.held).toBeUndefined();
    expect((await leases.read('lost-lease'))?.token).toBe(result.lease?.token);
    // And it is held like any other: renewed, then let go, that answer lost too.
    expect(await leases.renew(result.lease!)).toBe(true);
    expect(await withFirstAnswerLost('UpdateItem', () => leases.release(result.lease!))).toBe('released');
    expect(await leases.read('lost-lease')).toMatchObject({ expires_at_ms: 0 });
  });
});
