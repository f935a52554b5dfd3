// stop() must leave nothing behind, or the test run (and `pnpm start`) would not exit. This file has an
// endpoint and a client of its own and nothing else, so the process's list of open handles is exact.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { startLocalLambda, type LocalLambda } from '../src/index.js';
import { invoke, sleep } from './helpers/lambda.js';

const quiet = { log: () => undefined };

/** How many handles of each kind keep this process alive (servers, sockets, timers, ...). */
function openHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

function clientOf(local: LocalLambda): LambdaClient {
  return new LambdaClient({ endpoint: local.endpoint, maxAttempts: 1 });
}

describe('stop', () => {
  it('closes the endpoint and its connections, and leaves no handle open', async () => {
    const before = openHandles();
    const local = await startLocalLambda({
      ...quiet,
      functions: { quick: { handler: (event) => event }, slowish: { handler: () => sleep(100) } },
      faults: { rate: 0, kinds: ['timeout'] },
    });
    // The client stays alive through stop(): its keep-alive connection is for the endpoint to close.
    const own = clientOf(local);
    await invoke(own, 'quick', { a: 1 });
    await invoke(own, 'slowish', {}, 'Event');
    await invoke(own, 'slowish', {}, 'Event');
    const during = openHandles();
    expect(during.get('TCPServerWrap')).toBe((before.get('TCPServerWrap') ?? 0) + 1);
    expect(during.get('TCPSocketWrap')).toBeGreaterThan(before.get('TCPSocketWrap') ?? 0);

    await local.stop();

    // The async invocations still running were waited for.
    expect(local.invocations.map((record) => record.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // Give closed sockets a turn of the event loop to be released.
    await sleep(50);
    const after = openHandles();
    for (const [kind, count] of after) expect(count, kind).toBeLessThanOrEqual(before.get(kind) ?? 0);
    await expect(fetch(`${local.endpoint}/2015-03-31/functions/quick/configuration`)).rejects.toThrow();
    own.destroy();
  });

  it('abandons queued invocations, and running ones after stopTimeoutMs', async () => {
    const local = await startLocalLambda({
      ...quiet,
      stopTimeoutMs: 200,
      functions: { stuck: { concurrency: 1, timeoutSeconds: 30, handler: () => sleep(2_000) } },
    });
    const own = clientOf(local);
    await invoke(own, 'stuck', { n: 1 }, 'Event');
    await invoke(own, 'stuck', { n: 2 }, 'Event');
    own.destroy();
    const startedAt = performance.now();

    await local.stop();
    await local.idle();

    const took = performance.now() - startedAt;
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(1_500);
    expect(local.invocations.map((record) => record.status)).toEqual(['abandoned', 'abandoned']);
    expect(local.invocations[1]!.startedAt).toBeUndefined();
    await local.stop(); // idempotent
    // The abandoned handler runs on (nothing in-process can stop it) and ends with its own timer.
  });
});
