import { InvalidOptionError } from './errors.js';
import { newLogStreamName } from './local-lambda-context.js';
import { isFunctionName, localFunctionArn } from './local-lambda-function-name.js';
import { DEFAULT_MEMORY_SIZE_MB, DEFAULT_TIMEOUT_SECONDS } from './local-lambda-limits.js';
import {
  handlerSetting,
  importHandler,
  resolveHandlerModule,
  type LoadedHandler,
} from './local-lambda-module.js';
import type { LocalFunction } from './local-lambda-types.js';

/** An invocation waiting for a free slot of its function. */
export interface QueuedStart {
  /** Starts it: it has a slot now. */
  start(): void;
  /** Drops it: the endpoint is stopping. */
  abandon(): void;
}

/**
 * A registered function: its settings with the defaults applied, its handler (imported once, on first
 * use, if it is a module), and its concurrency slots with the queue of async invocations waiting for one.
 */
export class DeployedFunction {
  readonly arn: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly concurrency: number;
  /** The `Handler` setting the configuration reports. */
  readonly handlerSetting: string;
  readonly lastModified = new Date();
  /** One log stream: one warm execution environment serves every invocation. */
  readonly logStreamName = newLogStreamName();

  private running = 0;
  private readonly queue: QueuedStart[] = [];
  private loading: Promise<LoadedHandler> | undefined;
  private readonly load: () => Promise<LoadedHandler>;

  constructor(
    readonly name: string,
    fn: LocalFunction,
  ) {
    const option = `functions.${name}`;
    if (!isFunctionName(name)) {
      throw new InvalidOptionError(
        'name',
        `'${name}' is not a Lambda function name (1-64 of a-z A-Z 0-9 - _)`,
      );
    }
    this.arn = localFunctionArn(name);
    this.timeoutSeconds = positive(fn.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS, `${option}.timeoutSeconds`);
    this.memorySize = positive(fn.memorySize, DEFAULT_MEMORY_SIZE_MB, `${option}.memorySize`);
    this.concurrency = fn.concurrency === undefined ? Infinity : positiveInteger(fn.concurrency, option);
    const handler = fn.handler;
    if (typeof handler === 'string') {
      const modulePath = resolveHandlerModule(handler, `${option}.handler`);
      this.handlerSetting = handlerSetting(modulePath);
      this.load = () => importHandler(modulePath, name);
    } else {
      this.handlerSetting = 'handler.handler';
      this.load = () => Promise.resolve({ handler });
    }
  }

  /**
   * The handler, imported on first use. A failed import is not kept: the next invocation tries again,
   * as Lambda retries the init phase.
   */
  async handler(): Promise<LoadedHandler> {
    this.loading ??= this.load();
    const loaded = await this.loading;
    if ('error' in loaded) this.loading = undefined;
    return loaded;
  }

  /** Takes a slot if one is free (for a sync invocation, which is throttled otherwise). */
  tryAcquire(): boolean {
    if (this.running >= this.concurrency) return false;
    this.running += 1;
    return true;
  }

  /** Starts `queued` now if a slot is free, or when one is (for an async invocation). */
  enqueue(queued: QueuedStart): void {
    if (this.tryAcquire()) queued.start();
    else this.queue.push(queued);
  }

  /** Gives a slot back, and hands it to the oldest waiting invocation, if any. */
  release(): void {
    const next = this.queue.shift();
    if (next === undefined) this.running -= 1;
    else next.start();
  }

  /** Drops every waiting invocation. */
  abandonQueued(): void {
    for (const queued of this.queue.splice(0)) queued.abandon();
  }
}

function positive(value: number | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InvalidOptionError(option, `must be a positive number, got ${String(value)}`);
  }
  return value;
}

function positiveInteger(value: number, option: string): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new InvalidOptionError(`${option}.concurrency`, `must be a positive integer, got ${String(value)}`);
  }
  return value;
}
