import { createServer } from 'node:net';

/**
 * A TCP port free right now, asked of the OS (port 0) on all interfaces, as DynamoDB Local binds.
 * Another process may take it before it is used: callers that start a server on it retry on a conflict.
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('the OS gave no TCP port'));
        else resolve(address.port);
      });
    });
  });
}
