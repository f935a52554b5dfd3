import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { parseGuardEvent, type GuardConfig, type GuardEvent } from './guard-protocol.js';
import { OutputTail } from './output-tail.js';

/** The guard script; `../bin` from both `src/` and `dist/`. */
export const GUARD_SCRIPT = fileURLToPath(new URL('../bin/dynamodb-local-guard.mjs', import.meta.url));

/** How long `stop()` lets the guard stop java (it allows java 3 s for SIGTERM) before killing both. */
const GUARD_STOP_TIMEOUT_MS = 5_000;

/**
 * DynamoDB Local on java, run by the guard process, seen from the process that started it.
 *
 * The guard is started in a process group of its own, with java in it: `stop()` asks the guard to stop
 * java, and if that does not happen in time it kills the whole group.
 *
 * @example
 * ```ts
 * const java = GuardedJava.launch({ port: 8000, dbPath: null, sharedDb: true });
 * const pid = await java.javaPid; // undefined if java never started
 * await java.stop();
 * ```
 */
export class GuardedJava {
  /** java's output (through the guard's stderr), for error messages. */
  readonly output = new OutputTail();
  /** java's pid once it has started; `undefined` if the guard exited first. */
  readonly javaPid: Promise<number | undefined>;
  /** Settles when the guard has exited, with the last event it reported. */
  readonly exited: Promise<GuardEvent | undefined>;

  readonly #guard: ChildProcessByStdio<null, Readable, Readable>;
  #stopping: Promise<void> | undefined;
  readonly #stopOnExit = () => {
    // The last chance when this process exits without calling stop(): a synchronous signal is all that
    // runs here. (On SIGKILL not even this runs; the guard sees its parent gone and stops java itself.)
    this.#signal('SIGTERM');
  };

  private constructor(config: GuardConfig) {
    // The guard watches this pid, not its own ppid at boot (see the guard's header comment).
    const guardArgument = JSON.stringify({ ...config, parentPid: process.pid });
    this.#guard = spawn(process.execPath, [GUARD_SCRIPT, guardArgument], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#guard.stderr.on('data', (chunk: Buffer) => {
      this.output.append(chunk);
    });
    let lastEvent: GuardEvent | undefined;
    let reportPid: (pid: number | undefined) => void = () => undefined;
    this.javaPid = new Promise((resolve) => (reportPid = resolve));
    createInterface({ input: this.#guard.stdout }).on('line', (line) => {
      const event = parseGuardEvent(line);
      if (event === undefined) return;
      lastEvent = event;
      if (event.event === 'spawned') reportPid(event.pid);
    });
    this.exited = new Promise((resolve) => {
      const exited = () => {
        process.off('exit', this.#stopOnExit);
        reportPid(undefined);
        resolve(lastEvent);
      };
      // 'close' comes after the guard's stdout is drained, so its last event has been read.
      this.#guard.once('close', exited);
      this.#guard.once('error', (error) => {
        this.output.append(`could not run the guard: ${error.message}\n`);
        exited();
      });
    });
    process.once('exit', this.#stopOnExit);
  }

  /** Starts the guard, which starts java. */
  static launch(config: GuardConfig): GuardedJava {
    return new GuardedJava(config);
  }

  /** The guard's pid, or `undefined` if it could not be started. */
  get guardPid(): number | undefined {
    return this.#guard.pid;
  }

  /** Lets this process exit while java runs: the guard then stops java when it sees this process gone. */
  release(): void {
    this.#guard.unref();
    refPipe(this.#guard.stdout, false);
    refPipe(this.#guard.stderr, false);
  }

  /** Stops java and the guard; resolves once both are gone. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    // Hold this process open until the guard has gone: released, nothing else may keep it alive, and
    // it would exit with java still running (the guard would stop java, but only after this returned).
    this.#guard.ref();
    refPipe(this.#guard.stdout, true);
    refPipe(this.#guard.stderr, true);
    this.#signal('SIGTERM');
    const lastEvent = await Promise.race([
      this.exited.then((event) => ({ event })),
      delay(GUARD_STOP_TIMEOUT_MS, undefined, { ref: false }),
    ]);
    // The guard exits only after java has, unless it was killed itself: java may then still run, in the
    // guard's process group, which outlives its leader. Killing the group reaches it.
    const javaEnded = lastEvent?.event?.event === 'exited' || lastEvent?.event?.event === 'error';
    if (!javaEnded) this.#signalGroup('SIGKILL');
    await this.exited;
  }

  #signal(signal: NodeJS.Signals): void {
    const pid = this.#guard.pid;
    if (pid === undefined || this.#guard.exitCode !== null || this.#guard.signalCode !== null) return;
    signalQuietly(pid, signal);
  }

  #signalGroup(signal: NodeJS.Signals): void {
    const pid = this.#guard.pid;
    if (pid !== undefined) signalQuietly(-pid, signal);
  }
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** A child's pipe is a socket, which can be (un)ref'd; its type says only Readable. */
function refPipe(stream: Readable, ref: boolean): void {
  const socket = stream as Readable & { ref?: () => void; unref?: () => void };
  if (ref) socket.ref?.();
  else socket.unref?.();
}
