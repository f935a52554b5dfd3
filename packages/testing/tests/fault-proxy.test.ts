import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDbFaultPlan,
  InvalidOptionError,
  startFaultProxy,
  uniqueTablePrefix,
  type FaultProxy,
} from '../src/index.js';

/**
 * The DynamoDB fault proxy in front of this run's DynamoDB Local, reached with the real SDK client.
 * Each fault is given a share of 1 so that the one request of the test surely gets it; the shares
 * themselves are checked on the plan, over many draws.
 */

const direct = new DynamoDBClient({});
const tableName = `${uniqueTablePrefix()}fault_proxy`;
let proxy: FaultProxy;
let viaProxy: DynamoDBClient;

beforeAll(async () => {
  await direct.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  proxy = await startFaultProxy({ target: process.env.AWS_ENDPOINT_URL_DYNAMODB!, log: () => undefined });
  // One attempt: the test sees the fault itself, not the SDK's retry of it.
  viaProxy = new DynamoDBClient({ endpoint: proxy.endpoint, maxAttempts: 1 });
});

afterAll(async () => {
  await proxy.stop();
  await direct.send(new DeleteTableCommand({ TableName: tableName }));
});

const put = (id: string) =>
  viaProxy.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: id } } }));

async function stored(id: string): Promise<boolean> {
  const { Item } = await direct.send(
    new GetItemCommand({ TableName: tableName, Key: { id: { S: id } }, ConsistentRead: true }),
  );
  return Item !== undefined;
}

async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

describe('startFaultProxy', () => {
  it('passes requests through untouched when there are no faults', async () => {
    proxy.setFaults(undefined);
    const before = proxy.counts().passed;
    await put('plain');
    expect(await stored('plain')).toBe(true);
    expect(proxy.counts().passed).toBe(before + 1);
    expect(proxy.injected()).toBe(0);
  });

  it('throttles as DynamoDB does: 400 ThrottlingException, nothing written', async () => {
    proxy.setFaults({ throttle: 1 });
    const error = await failure(put('throttled'));
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(await stored('throttled')).toBe(false);
    expect(proxy.counts().throttle).toBe(1);
  });

  it('answers 500 InternalServerError, nothing written', async () => {
    proxy.setFaults({ error: 1 });
    const error = await failure(put('errored'));
    expect(error.name).toBe('InternalServerError');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    expect(await stored('errored')).toBe(false);
  });

  it('drops the connection before forwarding: the client fails and nothing is written', async () => {
    proxy.setFaults({ dropBefore: 1 });
    await failure(put('dropped-before'));
    expect(await stored('dropped-before')).toBe(false);
    expect(proxy.counts().dropBefore).toBe(1);
  });

  it('drops the connection after forwarding: the client fails although the write happened', async () => {
    proxy.setFaults({ dropAfter: 1 });
    await failure(put('dropped-after'));
    expect(await stored('dropped-after')).toBe(true);
    expect(proxy.counts().dropAfter).toBe(1);
  });

  it('delays a request and then forwards it', async () => {
    proxy.setFaults({ latency: 1, latencyMs: 50 });
    await put('late');
    expect(await stored('late')).toBe(true);
    expect(proxy.counts().latency).toBe(1);
  });

  it('limits faults to the operations named', async () => {
    proxy.setFaults({ throttle: 1, operations: ['GetItem'] });
    await put('put-is-spared');
    const error = await failure(
      viaProxy.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: 'put-is-spared' } } })),
    );
    expect(error.name).toBe('ThrottlingException');
  });

  it('resets the connection when its target does not answer, and follows setTarget', async () => {
    proxy.setFaults(undefined);
    const real = proxy.target;
    proxy.setTarget('http://127.0.0.1:9'); // discard port: nothing listens there
    await failure(put('nowhere'));
    expect(proxy.counts().unreachable).toBeGreaterThanOrEqual(1);
    proxy.setTarget(real);
    await put('back');
    expect(await stored('back')).toBe(true);
  });

  it('the SDK retries through a share of faults and every write lands', async () => {
    proxy.setFaults({ throttle: 0.2, error: 0.1, dropBefore: 0.1, seed: 3 });
    const patient = new DynamoDBClient({ endpoint: proxy.endpoint, maxAttempts: 10 });
    const ids = Array.from({ length: 30 }, (_, n) => `retried-${n}`);
    for (const id of ids)
      await patient.send(new PutItemCommand({ TableName: tableName, Item: { id: { S: id } } }));
    for (const id of ids) expect(await stored(id)).toBe(true);
    expect(proxy.injected()).toBeGreaterThan(0);
    patient.destroy();
  });

  it('refuses a target that is not an http URL, naming the option', async () => {
    await expect(startFaultProxy({ target: 'localhost:8000' })).rejects.toThrow(InvalidOptionError);
    await expect(startFaultProxy({ target: 'https://dynamodb.us-east-1.amazonaws.com' })).rejects.toThrow(
      /target/,
    );
  });
});

describe('DynamoDbFaultPlan', () => {
  it('gives each kind about its share of requests', () => {
    const plan = new DynamoDbFaultPlan({ throttle: 0.1, error: 0.05, dropAfter: 0.02, seed: 11 });
    const seen = { throttle: 0, error: 0, dropAfter: 0, none: 0 };
    for (let n = 0; n < 20_000; n++) {
      const kind = plan.next('PutItem');
      if (kind === 'throttle' || kind === 'error' || kind === 'dropAfter') seen[kind] += 1;
      else if (kind === undefined) seen.none += 1;
      else throw new Error(`unexpected ${kind}`);
    }
    expect(seen.throttle / 20_000).toBeCloseTo(0.1, 1);
    expect(seen.error / 20_000).toBeCloseTo(0.05, 1);
    expect(seen.dropAfter / 20_000).toBeCloseTo(0.02, 1);
    expect(seen.dropAfter).toBeGreaterThan(0);
  });

  it('makes the same decisions for the same seed', () => {
    const decisions = (seed: number) => {
      const plan = new DynamoDbFaultPlan({ throttle: 0.3, latency: 0.3, seed });
      return Array.from({ length: 50 }, () => plan.next('Query'));
    };
    expect(decisions(5)).toEqual(decisions(5));
    expect(decisions(5)).not.toEqual(decisions(6));
  });

  it('refuses shares out of range, naming the field', () => {
    expect(() => new DynamoDbFaultPlan({ throttle: -0.1 })).toThrow(/faults\.throttle/);
    expect(() => new DynamoDbFaultPlan({ throttle: 0.6, error: 0.6 })).toThrow(/add up to 1\.200/);
    expect(() => new DynamoDbFaultPlan({ latency: 0.1, latencyMs: 60_000 })).toThrow(/faults\.latencyMs/);
    expect(() => new DynamoDbFaultPlan({ seed: 1.5 })).toThrow(/faults\.seed/);
  });
});
