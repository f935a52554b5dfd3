import { createLogger, Stats } from '@sosw/core';
import { PayloadReader } from '../payload-reader.js';
import { remainingMsOf } from '../timeout-guard.js';
import type { LambdaContextLike } from '../types.js';
import { UnclaimedEventError } from './errors.js';
import { incomingEvent } from './incoming-event.js';
import {
  APP_SOURCES,
  SOURCE_KINDS,
  type AppRegistrations,
  type SourceEvents,
  type SourceKind,
} from './sources/index.js';
import type { Dispatch, SourceTools } from './sources/source.js';
import type { DefineAppOptions } from './types.js';

/** The one Lambda handler of an app: it dispatches each event to the function registered for its source. */
export type AppHandler = (event: unknown, context?: LambdaContextLike) => Promise<unknown>;

/** Each source's dispatch, by kind. */
type Dispatchers = { [K in SourceKind]: Dispatch<SourceEvents[K]> };

/**
 * Builds an app's handler: the tools every source shares, then each source's dispatch (made here, at
 * `app.handler()`, not at import: the clients they hold are made on first use). The handler asks which
 * source an event is for (`incomingEvent`) and hands it to that source's dispatch.
 *
 * @param registered - what the app handles, for the message of `UnclaimedEventError`: `task`, `queue "orders"`, ...
 *
 * @example
 * const handler = appHandler({ name: 'orders_worker' }, registrations, ['queue "orders"']);
 * await handler(sqsEvent, context); // { batchItemFailures: [] }
 */
export function appHandler(
  options: DefineAppOptions,
  registrations: AppRegistrations,
  registered: readonly string[],
): AppHandler {
  const logger =
    options.logger ?? createLogger(options.name ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'sosw_app');
  const tools: SourceTools = {
    options,
    logger,
    reader: new PayloadReader(options.payloads),
    flow: { logger, rejected: options.rejected },
    base: (lambdaContext) => ({
      remainingMs: remainingMsOf(lambdaContext),
      logger,
      stats: new Stats(),
      signal: new AbortController().signal,
      lambdaContext,
    }),
    unclaimed: (description) => new UnclaimedEventError(description, registered),
  };
  // Each entry is its own kind's source's dispatch, which is what `Dispatchers` says.
  const dispatchers = Object.fromEntries(
    SOURCE_KINDS.map((kind) => [kind, APP_SOURCES[kind].dispatcher(registrations, tools)]),
  ) as Dispatchers;

  return async (event, lambdaContext) => {
    const incoming = incomingEvent(event);
    if (incoming.source === 'unknown') throw tools.unclaimed(incoming.description);
    return dispatch(dispatchers, incoming, lambdaContext);
  };
}

/** Hands a recognised event to its own source's dispatch (generic, so the kind and the event stay paired). */
function dispatch<K extends SourceKind>(
  dispatchers: Dispatchers,
  incoming: { source: K; event: SourceEvents[K] },
  lambdaContext: LambdaContextLike | undefined,
): Promise<unknown> {
  const forKind: Dispatch<SourceEvents[K]> = dispatchers[incoming.source];
  return forKind(incoming.event, lambdaContext);
}
