import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A local Lambda endpoint running in a child process. */
export interface WorkerEndpoint {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts `worker-endpoint-process.ts` for one function and waits for its endpoint. The child runs with the
 * same `@sosw/source` condition and tsx loader as `pnpm bench`.
 *
 * @example
 * const worker = await startWorkerEndpoint('bench_worker');
 * process.env.AWS_ENDPOINT_URL_LAMBDA = worker.endpoint;
 * await worker.stop();
 */
export async function startWorkerEndpoint(functionName: string): Promise<WorkerEndpoint> {
  const script = new URL('./worker-endpoint-process.ts', import.meta.url);
  const child = spawn(
    process.execPath,
    ['--conditions=@sosw/source', '--import', 'tsx', script.pathname, functionName],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the local Lambda endpoint process exited (code ${String(code)}) before it started`);
    }),
  ]);
  const { endpoint } = JSON.parse(first) as { endpoint: string };
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
