import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Whether a process of that id still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('stops everything it started on Ctrl-C (SIGINT): exit code 130, its java gone', async () => {
  // The bin from source, as a user's terminal runs it, on its own DynamoDB Local.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  const child = spawn(
    process.execPath,
    [
      '--conditions=@sosw/source',
      '--import',
      'tsx',
      'src/bin.ts',
      'start',
      '--watch',
      '--tasks',
      '4',
      '--tick',
      '0.5',
      '--prefix',
      'sigint_',
    ],
    { cwd: CLI_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('tick 2')) resolve();
    });
    void exited.then(() => {
      reject(new Error(`sosw start ended before its second tick:\n${output}`));
    });
  });
  const javaPid = Number(/java pid (\d+)/.exec(output)?.[1]);
  expect(javaPid).toBeGreaterThan(0);
  expect(alive(javaPid)).toBe(true);

  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(output).toContain('[sosw start] stopped');
  expect(alive(javaPid)).toBe(false);
}, 240_000);
