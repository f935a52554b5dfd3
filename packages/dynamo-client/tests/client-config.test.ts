import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ATTEMPTS, DynamoClient, InvalidRequestError } from '../src/index.js';

/**
 * A DynamoDB endpoint that throttles every request, as DynamoDB does when a table is over its capacity.
 * DynamoDB Local never throttles, so this tiny HTTP server stands in for it; the real SDK client talks
 * to it over HTTP.
 */
async function throttlingEndpoint(): Promise<{ url: string; requests: () => number; server: Server }> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests++;
    request.resume();
    request.on('end', () => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests: () => requests, server };
}

const localEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
afterEach(() => {
  if (localEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  else process.env.AWS_ENDPOINT_URL_DYNAMODB = localEndpoint;
});

describe('DynamoClient construction', () => {
  it('builds its client with maxAttempts (default 5)', async () => {
    expect(await new DynamoClient().documentClient.config.maxAttempts()).toBe(DEFAULT_MAX_ATTEMPTS);
    expect(await new DynamoClient({ maxAttempts: 9 }).documentClient.config.maxAttempts()).toBe(9);
  });

  it('uses a given client, and refuses maxAttempts beside it', async () => {
    const client = new DynamoDBClient({ maxAttempts: 2 });
    expect(await new DynamoClient({ client }).documentClient.config.maxAttempts()).toBe(2);
    expect(() => new DynamoClient({ client, maxAttempts: 3 })).toThrow(InvalidRequestError);
    expect(() => new DynamoClient({ client, maxAttempts: 3 })).toThrow(/"client" and "maxAttempts"/);
  });

  it('refuses a batchConcurrency that is not a positive integer', () => {
    expect(() => new DynamoClient({ batchConcurrency: 0 })).toThrow(
      /"batchConcurrency" must be a positive integer/,
    );
  });

  it('reaches the endpoint in AWS_ENDPOINT_URL_DYNAMODB and retries throttling up to maxAttempts', async () => {
    const endpoint = await throttlingEndpoint();
    try {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint.url;
      const db = new DynamoClient({ maxAttempts: 3 });
      await expect(db.get('any_table', { id: 'x' })).rejects.toMatchObject({
        name: 'ProvisionedThroughputExceededException',
        $metadata: { attempts: 3 },
      });
      expect(endpoint.requests()).toBe(3);
    } finally {
      endpoint.server.close();
    }
  });
});
