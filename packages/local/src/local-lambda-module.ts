import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidOptionError } from './errors.js';
import type { FunctionError, LocalLambdaHandler } from './local-lambda-types.js';

/** The handler of a module, or what the Node.js runtime reports when it cannot get one. */
export type LoadedHandler = { handler: LocalLambdaHandler } | { error: FunctionError };

/**
 * The absolute path of a handler module given as `path`; `InvalidOptionError` naming `option` if there is
 * no file there, so a typo fails when the function is registered, not at its first invocation.
 */
export function resolveHandlerModule(path: string, option: string): string {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new InvalidOptionError(option, `no handler module at ${absolute}`);
  return absolute;
}

/** The `Handler` setting Lambda would show for a module: `<file name without extension>.handler`. */
export function handlerSetting(modulePath: string): string {
  return `${basename(modulePath, extname(modulePath))}.handler`;
}

/**
 * Imports the ES module at `modulePath` and returns its `handler` export. `instance` (the function's name)
 * goes into the module's URL as a query, so two functions built from one bundle get a module each, as two
 * Lambda functions would; one function's invocations share it, as a warm sandbox does.
 * Failures come back as the runtime's `Runtime.ImportModuleError` / `Runtime.HandlerNotFound`.
 *
 * @example
 * ```ts
 * const loaded = await importHandler('/repo/services/orchestrator/dist/handler.js', 'orchestrator');
 * if ('handler' in loaded) await loaded.handler({}, context);
 * ```
 */
export async function importHandler(modulePath: string, instance: string): Promise<LoadedHandler> {
  const url = `${pathToFileURL(modulePath).href}?function=${encodeURIComponent(instance)}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { error: { errorType: 'Runtime.ImportModuleError', errorMessage: message } };
  }
  const handler = module.handler;
  if (typeof handler !== 'function') {
    const errorMessage = `${handlerSetting(modulePath)} is undefined or not exported`;
    return { error: { errorType: 'Runtime.HandlerNotFound', errorMessage } };
  }
  return { handler: handler as LocalLambdaHandler };
}
