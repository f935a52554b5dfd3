import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { EndpointStartError } from '@sosw/local';
import { logToStderr, secondsSince } from './log.js';
import type { LocalS3, LocalS3Options } from './types.js';

/**
 * A local S3 endpoint: s3rver, in this process, on 127.0.0.1 (a free port unless `port` is given), with
 * path-style addresses. It accepts only the key pair `S3RVER`/`S3RVER` (`LOCAL_CREDENTIALS`).
 * Being in this process, it cannot outlive it; `stop()` closes it and removes its temporary directory.
 *
 * @example
 * ```ts
 * const s3 = await startLocalS3();
 * const client = new S3Client({ ...LOCAL_S3_CLIENT_CONFIG, endpoint: s3.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
 * // ...
 * await s3.stop();
 * ```
 */
export async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  const log = options.log ?? logToStderr;
  const startedAt = performance.now();
  const ownDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'sosw-s3-')));
  const removeDirectory = async () => {
    if (ownDirectory) await rm(directory, { recursive: true, force: true });
  };
  const server = new S3rver({ address: '127.0.0.1', port: options.port ?? 0, silent: true, directory });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    await removeDirectory();
    throw new EndpointStartError({
      what: 'Local S3 (s3rver)',
      reason: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
  const endpoint = `http://127.0.0.1:${port}`;
  log(`Local S3: s3rver at ${endpoint}, up in ${secondsSince(startedAt)} s`);
  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    directory,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        await removeDirectory();
      })()),
  };
}
