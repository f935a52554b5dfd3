import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from './service-names.js';

/** The chaos package's directory: the child runs there, so `--import tsx` finds its tsx. */
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./service-process.ts', import.meta.url));

/** How long a child may take to load (tsx, the AWS SDK) on a loaded 2-core machine. */
const READY_TIMEOUT_MS = 60_000;

/** Options of a `ServiceProcess`. */
export interface ServiceProcessOptions {
  /** The child's environment (endpoints, table prefix, credentials, `CHAOS_*`). */
  env: NodeJS.ProcessEnv;
  /** Where the child's stderr goes (its logs); default: dropped. */
  stderr?: (line: string) => void;
}

/**
 * A sosw service in a child process that can be killed with SIGKILL and started again. Counts its runs
 * (`run <n>` lines) across lives, and its kills.
 *
 * @example
 * const orchestrator = new ServiceProcess('orchestrator', { env });
 * await orchestrator.start(); // resolves once the child is loaded and about to run
 * await orchestrator.kill(); // SIGKILL, wherever it is
 * await orchestrator.start(); // a fresh one
 * await orchestrator.stop();
 */
export class ServiceProcess {
  /** Runs finished, over every life of the service. */
  runs = 0;
  /** SIGKILLs sent. */
  kills = 0;
  /** Lives started. */
  starts = 0;
  /** Whether the current life has said `done` (the scheduler's job is written). */
  done = false;
  /**
   * Orchestrator invocations beyond the loop's one, over every life, by kind (`event <kind>` lines):
   * `duplicate` (a schedule event delivered twice), `request` (a dispatch request from the loop),
   * `served` (a dispatch request from the scheduler or the scavenger).
   */
  readonly events: Record<string, number> = {};
  #child: ChildProcess | undefined;
  #exited: Promise<number | null> | undefined;

  constructor(
    readonly service: ServiceName,
    readonly options: ServiceProcessOptions,
  ) {}

  /** The current life's process id (`undefined` before the first start). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Whether a child is alive now. */
  get alive(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The exit of the current life (code, or `null` when killed by a signal). */
  exited(): Promise<number | null> {
    return this.#exited ?? Promise.resolve(null);
  }

  /**
   * Starts a new life and resolves when the child says `ready`.
   *
   * @throws Error quoting the child's last output when it exits or stays silent before it is ready
   */
  async start(): Promise<void> {
    if (this.alive) throw new Error(`${this.service} is already running; kill or stop it first`);
    this.starts += 1;
    this.done = false;
    const child = spawn(
      process.execPath,
      ['--conditions=@sosw/source', '--import', 'tsx', ENTRY, this.service],
      {
        cwd: PACKAGE_DIR,
        // Its life's number: a child that draws from a seed draws anew in each life.
        env: { ...this.options.env, CHAOS_LIFE: String(this.starts) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.#child = child;
    let spawnError: Error | undefined;
    this.#exited = new Promise((resolve) => {
      // 'close', not 'exit': it comes after the last line of stdout (a scheduler's `done`) was read.
      child.once('close', (code) => {
        resolve(code);
      });
      // Not started at all (E2BIG, ENOMEM, ...): there will be no 'exit'.
      child.once('error', (error) => {
        spawnError = error;
        resolve(null);
      });
    });
    const tail: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      this.options.stderr?.(line);
    });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.service} was not ready after ${READY_TIMEOUT_MS} ms:\n${tail.join('\n')}`));
      }, READY_TIMEOUT_MS);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (line.startsWith('run ')) this.runs += 1;
        else if (line === 'done') this.done = true;
        else if (line.startsWith('event ')) {
          const kind = line.slice('event '.length);
          this.events[kind] = (this.events[kind] ?? 0) + 1;
        }
      });
      void this.#exited?.then((code) => {
        clearTimeout(timer);
        const why =
          spawnError === undefined ? `exited (${String(code)})` : `could not start: ${spawnError.message}`;
        reject(new Error(`${this.service} ${why} before it was ready:\n${tail.join('\n')}`));
      });
    });
    await ready;
  }

  /** SIGKILL: no cleanup, no last write; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.kills += 1;
    this.#child?.kill('SIGKILL');
    await this.exited();
  }

  /** Ends the current life (SIGKILL as well: nothing in a service may depend on a clean stop). */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.#child?.kill('SIGKILL');
    await this.exited();
  }
}
