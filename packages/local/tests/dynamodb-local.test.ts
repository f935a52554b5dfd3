import { createServer, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EndpointStartError,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../src/index.js';
import { freePort } from '../src/free-port.js';
import { isRunning, killIfRunning, runningChildren } from './helpers/processes.js';

function clientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
}

async function listTables(endpoint: string): Promise<string[]> {
  const client = clientFor(endpoint);
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    client.destroy();
  }
}

/** Starts DynamoDB Local on the JVM, with AWS_ENDPOINT_URL_DYNAMODB unset (a test may set it). */
async function startJvm(options: Parameters<typeof startDynamoDbLocal>[0] = {}): Promise<DynamoDbLocal> {
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', undefined);
  return startDynamoDbLocal({ log: () => undefined, ...options });
}

// java may take many seconds to start on a busy machine (other packages' tests run beside these).
describe('startDynamoDbLocal', { timeout: 120_000 }, () => {
  const started: DynamoDbLocal[] = [];
  afterEach(async () => {
    vi.unstubAllEnvs();
    for (const local of started.splice(0)) {
      await local.stop();
      killIfRunning(local.pid);
    }
  });

  it('returns AWS_ENDPOINT_URL_DYNAMODB as it is, starting nothing, and does not stop it', async () => {
    const given = await startJvm();
    started.push(given);
    const runEndpoint = given.endpoint;
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', runEndpoint);
    const children = runningChildren(process.pid);
    const lines: string[] = [];

    const local = await startDynamoDbLocal({ log: (line) => lines.push(line) });

    expect(local).toMatchObject({ endpoint: runEndpoint, source: 'env', pid: undefined });
    expect(runningChildren(process.pid)).toEqual(children);
    expect(lines).toEqual([expect.stringContaining('AWS_ENDPOINT_URL_DYNAMODB')]);
    await local.stop();
    await expect(listTables(runEndpoint)).resolves.toBeInstanceOf(Array);
  });

  it('fails clearly when AWS_ENDPOINT_URL_DYNAMODB does not answer', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);

    const error = await startDynamoDbLocal({ startTimeoutMs: 300, log: () => undefined }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(EndpointStartError);
    expect((error as Error).message).toContain(endpoint);
    expect((error as Error).message).toContain('AWS_ENDPOINT_URL_DYNAMODB');
  });

  it('runs java that answers, says so in one line, and leaves no process after stop()', async () => {
    const lines: string[] = [];
    const local = await startJvm({ log: (line) => lines.push(line) });
    started.push(local);

    expect(local.source).toBe('jvm');
    expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(isRunning(local.pid!)).toBe(true);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`jvm \\(java pid ${local.pid}\\) at ${local.endpoint}`)),
    ]);
    await expect(listTables(local.endpoint)).resolves.toEqual([]);

    await local.stop();

    expect(isRunning(local.pid!)).toBe(false);
    expect(runningChildren(process.pid)).toEqual([]);
    await expect(listTables(local.endpoint)).rejects.toThrow();
    await expect(local.stop()).resolves.toBeUndefined();
  });

  it('keeps data on disk with dbPath, across a restart', async () => {
    const dbPath = await mkdtemp(join(tmpdir(), 'sosw-dynamodb-'));
    try {
      const first = await startJvm({ dbPath });
      started.push(first);
      const client = clientFor(first.endpoint);
      await client.send(
        new CreateTableCommand({
          TableName: 'kept',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      client.destroy();
      await first.stop();

      const second = await startJvm({ dbPath });
      started.push(second);

      expect(await listTables(second.endpoint)).toEqual(['kept']);
    } finally {
      await rm(dbPath, { recursive: true, force: true });
    }
  });

  it("fails with java's own words, leaving nothing running, when the port is taken", async () => {
    let server: Server | undefined;
    const port = await new Promise<number>((resolve) => {
      // Takes the port on all interfaces, as java would, and hangs up on anyone who calls.
      server = createServer((socket) => socket.destroy()).listen(0, () => {
        resolve((server!.address() as { port: number }).port);
      });
    });
    try {
      const error = await startJvm({ port }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EndpointStartError);
      expect((error as Error).message).toMatch(/java exited with code \d+/);
      expect((error as EndpointStartError).output).toMatch(/Address already in use|BindException/);
      expect(runningChildren(process.pid)).toEqual([]);
    } finally {
      server?.close();
    }
  });

  it('stops java that never answered in time', async () => {
    const error = await startJvm({ startTimeoutMs: 200 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EndpointStartError);
    expect((error as Error).message).toContain('no answer within 200 ms');
    expect(runningChildren(process.pid)).toEqual([]);
  });
});
