import { createTestTables, type TestTables } from '@sosw/testing';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { seed } from './seed.js';

const CLI_DIR = fileURLToPath(new URL('../..', import.meta.url));

let tables: TestTables;

beforeAll(async () => {
  tables = await createTestTables();
  await seed(tables);
});

afterAll(() => tables.drop());

it('`sosw dashboard` serves until Ctrl-C, then stops with exit code 0', async () => {
  // The bin from source, as a terminal runs it, on a free port.
  const child = spawn(
    process.execPath,
    [
      '--conditions=@sosw/source',
      '--import',
      'tsx',
      'src/bin.ts',
      'dashboard',
      '--port',
      '0',
      '--prefix',
      tables.prefix,
    ],
    { cwd: CLI_DIR, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );

  // It prints its address with the access token, as Jupyter does; without the token it answers 401.
  const printed = /at (http:\/\/127\.0\.0\.1:\d+\/)\?token=([0-9a-f]{48}) /;
  await expect.poll(() => printed.exec(output)?.[1], { timeout: 30_000 }).toBeDefined();
  const [, url = '', token = ''] = printed.exec(output) ?? [];
  expect((await fetch(`${url}api/figures`)).status).toBe(401);
  const figures = (await (await fetch(`${url}api/figures?token=${token}`)).json()) as {
    labourers: { labourer: string }[];
  };
  expect(figures.labourers.map((row) => row.labourer)).toEqual(['alpha', 'beta']);

  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('sosw dashboard stopped');
});

it("takes the operator's --token, and with --host 0.0.0.0 says redrive is off unless --allow-redrive", async () => {
  const token = 'my-own-token-for-scripts';
  const off = spawnDashboard(['--host', '0.0.0.0', '--token', token]);
  const url = await off.url();
  expect(off.output()).toContain(`?token=${token} `);
  expect(off.output()).toContain('redrive is off');
  const headers = { authorization: `Bearer ${token}` };
  expect((await fetch(`${url}api/figures`, { headers })).status).toBe(200);
  expect((await fetch(`${url}redrive?labourer=alpha`, { headers })).status).toBe(403);
  expect(await off.stop()).toBe(0);

  // The environment variable, for scripts that should not show the token in `ps`.
  const on = spawnDashboard(['--host', '0.0.0.0', '--allow-redrive'], { SOSW_DASHBOARD_TOKEN: token });
  const onUrl = await on.url();
  expect(on.output()).toContain(`?token=${token} `);
  expect(on.output()).not.toContain('redrive is off');
  expect((await fetch(`${onUrl}redrive?labourer=alpha`, { headers })).status).toBe(200);
  expect(await on.stop()).toBe(0);
});

it('refuses a weak --token with exit code 2', async () => {
  let err = '';
  const code = await run(['dashboard', '--port', '0', '--prefix', tables.prefix, '--token', 'short'], {
    write: () => undefined,
    writeError: (text) => (err += text),
  });
  expect(code).toBe(2);
  expect(err).toContain('--token: expected an access token of 16 to 256 characters');
});

it('fails at once, saying what to do, when the tables are not there', async () => {
  let err = '';
  const code = await run(['dashboard', '--port', '0', '--prefix', 'missing_'], {
    write: () => undefined,
    writeError: (text) => (err += text),
  });
  expect(code).toBe(1);
  expect(err).toContain('sosw tables create');
});

it('refuses a bad port with exit code 2', async () => {
  let err = '';
  const code = await run(['dashboard', '--port', '70000'], {
    write: () => undefined,
    writeError: (t) => (err += t),
  });
  expect(code).toBe(2);
  expect(err).toContain('expected a port from 0 to 65535');
});

/** `src/bin.ts dashboard --port 0 --prefix <seeded>` and more, as a process: its printed address, its output, and a Ctrl-C. */
function spawnDashboard(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@sosw/source',
      '--import',
      'tsx',
      'src/bin.ts',
      'dashboard',
      '--port',
      '0',
      '--prefix',
      tables.prefix,
      ...args,
    ],
    { cwd: CLI_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const printed = /at (http:\/\/127\.0\.0\.1:\d+\/)\?token=/;
  return {
    output: () => output,
    async url(): Promise<string> {
      await expect.poll(() => printed.exec(output)?.[1], { timeout: 30_000 }).toBeDefined();
      return printed.exec(output)?.[1] ?? '';
    },
    stop(): Promise<number | null> {
      child.kill('SIGINT');
      return exited;
    },
  };
}
