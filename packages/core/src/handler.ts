import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { loadConfig, type LoadConfigOptions } from './load-config.js';
import { createLogger } from './logger.js';
import { Stats } from './stats.js';

/** Where a handler's config comes from: `loadConfig`'s options, with the function name defaulting to the handler's. */
export type HandlerConfigOptions<C> = Omit<LoadConfigOptions<z.core.$ZodType<C>>, 'functionName'> & {
  /** Whose row `<functionName>_config` to read. Default: the handler's `name`. */
  functionName?: string;
};

/** What `build` gets to make a processor with. */
export interface BuildTools<C> {
  /** The loaded, validated config; `undefined` when the handler has no `config` option. */
  config: C;
  /** The function's logger; its lines carry the function name and the current request id. */
  logger: Logger;
  /** The processor's counters: `current()` is reset after every invocation, `lifetime()` keeps growing. */
  stats: Stats;
}

/** How to make a Lambda handler: see `createHandler`. */
export interface CreateHandlerOptions<TProcessor, TEvent, TResult, C = undefined> {
  /** The function's name, e.g. `sosw_orchestrator`: the logger's service and the default config row owner. */
  name: string;
  /** Load and validate config before `build`. Omit for a processor without config. */
  config?: HandlerConfigOptions<C>;
  /** Makes the processor. Runs once per container, on the first invocation. */
  build: (tools: BuildTools<C>) => TProcessor | Promise<TProcessor>;
  /** Handles one invocation with the processor; what it returns is the invocation's result, unchanged. */
  run: (processor: TProcessor, event: TEvent, context: Context) => TResult | Promise<TResult>;
  /** More middy middlewares, run after the logger's (so their logs carry the request id). */
  middlewares?: readonly MiddlewareObj<TEvent, TResult>[];
  /** The logger to use. Default: `createLogger(name)`. */
  logger?: Logger;
}

/**
 * Makes a Lambda handler (a middy handler, so `.use()` adds more middlewares) around a processor that is
 * built once per container and reused while it is warm:
 * - the processor is built lazily, on the first invocation: config first (when `config` is given), then
 *   `build`. Invocations that arrive while it is being built wait for that one build. A build that fails is
 *   not kept: the invocation fails and the next one builds again.
 * - every log line (Powertools JSON, via `injectLambdaContext`) carries the function name and request id;
 *   each invocation ends with one line, `invocation finished` or `invocation failed`, holding the
 *   invocation's `stats` and the container's `lifetime_stats`.
 * - after every invocation, failed or not, `stats.current()` is reset; `stats.lifetime()` keeps growing.
 *
 * The result is what `run` returns, unchanged: services that report their stats in the result (as sosw's
 * essentials do) read them from the `stats` they were built with, before the reset.
 *
 * Lambda gives a container one invocation at a time; if the handler is called concurrently (a local run),
 * the invocations share one processor and one `Stats`.
 *
 * @example
 * export const handler = createHandler({
 *   name: 'sosw_orchestrator',
 *   config: { schema: orchestratorConfigSchema, defaults: DEFAULT_CONFIG },
 *   build: ({ config, logger, stats }) => new Orchestrator({ config, logger, stats }),
 *   run: (orchestrator) => orchestrator.run(),
 * });
 */
export function createHandler<TProcessor, TEvent = unknown, TResult = unknown, C = undefined>(
  options: CreateHandlerOptions<TProcessor, TEvent, TResult, C>,
): MiddyfiedHandler<TEvent, TResult> {
  const { name, run } = options;
  const logger = options.logger ?? createLogger(name);
  const stats = new Stats();
  let building: Promise<TProcessor> | undefined;

  const buildProcessor = async (): Promise<TProcessor> => {
    const started = performance.now();
    const config = options.config
      ? await loadConfig({ ...options.config, functionName: options.config.functionName ?? name })
      : undefined;
    // Without a `config` option, C is `undefined` (its default), so this is the declared type.
    const processor = await options.build({ config: config as C, logger, stats });
    logger.info('processor built', { build_ms: Math.round(performance.now() - started) });
    return processor;
  };

  const processor = (): Promise<TProcessor> => {
    building ??= buildProcessor().catch((error: unknown) => {
      building = undefined; // not cached: the next invocation builds again
      throw error;
    });
    return building;
  };

  const invoke = async (event: TEvent, context: Context): Promise<TResult> => {
    try {
      const result = await run(await processor(), event, context);
      logger.info('invocation finished', { stats: stats.current(), lifetime_stats: stats.lifetime() });
      return result;
    } catch (error) {
      logger.error('invocation failed', {
        error: error instanceof Error ? error : String(error),
        stats: stats.current(),
        lifetime_stats: stats.lifetime(),
      });
      throw error;
    } finally {
      stats.reset();
    }
  };

  // resetKeys: keys a processor appends for one invocation must not leak into the next one's logs.
  const handler = middy<TEvent, TResult>(invoke).use(injectLambdaContext(logger, { resetKeys: true }));
  for (const middleware of options.middlewares ?? []) handler.use(middleware);
  return handler;
}
