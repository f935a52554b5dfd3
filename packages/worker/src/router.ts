import { isPlainObject, type Schema } from '@sosw/core';
import { ROUTING_FIELDS } from './constants.js';
import { nextHop, parseChain, chainMessage, type ChainTarget } from './chain.js';
import { ChainError, UnknownTaskError, WorkerOptionError } from './errors.js';
import type { BaseContext, InputOf } from './types.js';
import { parseInput } from './worker-input.js';

/** What a route handler receives in its context, besides the worker's own context. */
export interface RouteContext {
  /** The task this message was routed to. */
  task_name: string;
  /** The rest of the callback chain after this task, if any. */
  callback: string | undefined;
}

/** A route: an optional schema of its input and its handler. Build it with {@link route} to type the input. */
export interface Route<S extends Schema | undefined, C extends BaseContext> {
  readonly schema: S;
  readonly handler: (input: InputOf<S>, context: C & RouteContext) => unknown;
}

/** The routes of a router: by task name, a plain handler or a {@link route}. */
export type Routes<C extends BaseContext> = Record<
  string,
  // Each route has its own schema type; the router only needs to call it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Route<any, C> | ((input: Record<string, unknown>, context: C & RouteContext) => unknown)
>;

/** Options of {@link defineRouter}. */
export interface RouterOptions {
  /** Where results go on to the next task of a callback chain: one target, or one per next task. */
  chain?: ChainTarget | ((nextTask: string) => ChainTarget);
}

/** A router: a worker function for `defineWorker` or `defineQueueWorker`. */
export type Router<C extends BaseContext> = (
  message: Record<string, unknown>,
  context: C,
) => Promise<unknown>;

/**
 * A route with a schema: the handler's input is typed as the schema's output.
 *
 * @example
 * route(z.object({ account: z.number() }), async ({ account }) => ({ rows: await pull(account) }));
 */
export function route<S extends Schema, C extends BaseContext = BaseContext>(
  schema: S,
  handler: (input: InputOf<S>, context: C & RouteContext) => unknown,
): Route<S, C> {
  return { schema, handler };
}

/**
 * Which task a message is for, and the chain after it: `task_name`, else `path`, and `callback` is the rest
 * of the chain; a message with neither starts its `callback` chain: its head is the task.
 *
 * @example
 * routeOf({ task_name: 'a', callback: 'b#c' }); // { taskName: 'a', callback: 'b#c' }
 * routeOf({ callback: 'a#b#c' }); // { taskName: 'a', callback: 'b#c' }
 * routeOf({ path: 'a' }); // { taskName: 'a', callback: undefined }
 */
export function routeOf(message: Record<string, unknown>): {
  taskName: string | undefined;
  callback: string | undefined;
} {
  const named = [message.task_name, message.path].find((value) => typeof value === 'string' && value !== '');
  const callback =
    typeof message.callback === 'string' && message.callback !== '' ? message.callback : undefined;
  if (typeof named === 'string') return { taskName: named, callback };
  if (callback === undefined) return { taskName: undefined, callback: undefined };
  const [head, ...rest] = parseChain(callback);
  return { taskName: head, callback: rest.length > 0 ? rest.join('#') : undefined };
}

/**
 * A message's data, without its routing fields. A message that carries nothing but a `payload` object (a
 * chain message whose data was offloaded to S3, restored on arrival) gives that object.
 *
 * @example
 * routeInput({ task_name: 'a', rows: 3 }); // { rows: 3 }
 * routeInput({ task_name: 'a', payload: { rows: 3 } }); // { rows: 3 }
 */
export function routeInput(message: Record<string, unknown>): Record<string, unknown> {
  const data = { ...message };
  for (const field of ROUTING_FIELDS) Reflect.deleteProperty(data, field);
  const keys = Object.keys(data);
  if (keys.length === 1 && keys[0] === 'payload' && isPlainObject(data.payload)) return data.payload;
  return data;
}

/**
 * Serves several named tasks from one Lambda (after algernon and lpipe). A message names its task with
 * `task_name` (or `path`); the router validates the rest with the route's schema and runs its handler.
 * When the message carries a `callback` chain (`'b#c'`), the handler's result goes on to the chain's next
 * task through `options.chain`: here to `b`, carrying `callback: 'c'`. A message with no task name but a
 * chain (`callback: 'a#b#c'`) runs the chain's head, `a`, first.
 *
 * An unknown task name (or none) throws {@link UnknownTaskError}, a `FatalError` naming the known tasks.
 *
 * @example
 * const router = defineRouter(
 *   {
 *     pull: route(z.object({ account: z.number() }), async ({ account }) => ({ account, rows: await pull(account) })),
 *     store: async (input) => save(input),
 *   },
 *   { chain: sqsChainTarget({ queueUrl }) },
 * );
 * export const handler = defineQueueWorker(router); // or defineWorker(router)
 * // a message { task_name: 'pull', account: 7, callback: 'store' } runs pull, then sends its result to store.
 */
export function defineRouter<C extends BaseContext = BaseContext>(
  routes: Routes<C>,
  options: RouterOptions = {},
): Router<C> {
  const known = Object.keys(routes);
  if (known.length === 0) throw new WorkerOptionError('routes', 'a router needs at least one route');
  return async (message, context) => {
    const { taskName, callback } = routeOf(message);
    const target = taskName !== undefined && Object.hasOwn(routes, taskName) ? routes[taskName] : undefined;
    if (taskName === undefined || target === undefined) throw new UnknownTaskError(taskName, known);
    const routeContext = { ...context, task_name: taskName, callback };
    const what = `message for task ${taskName}`;
    let result: unknown;
    if (typeof target === 'function') {
      const input = parseInput(routeInput(message), undefined, what) as Record<string, unknown>;
      result = await target(input, routeContext);
    } else {
      const schema = target.schema as Schema | undefined;
      result = await target.handler(parseInput(routeInput(message), schema, what), routeContext);
    }
    const hop = nextHop(callback);
    if (hop === undefined) return result;
    const chain = typeof options.chain === 'function' ? options.chain(hop.next) : options.chain;
    if (chain === undefined) {
      throw new ChainError(
        `task ${taskName} has callback "${callback ?? ''}", but the router has no chain target: pass options.chain`,
      );
    }
    await chain.send(chainMessage(hop, result));
    context.logger.info('result sent on', { task_name: taskName, next: hop.next, target: chain.description });
    return result;
  };
}
