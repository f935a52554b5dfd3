import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** The usage line. */
export const USAGE = 'usage: pnpm new-worker <name> [--no-install] [--root <workspace dir>]';

/** What the command line asks for. */
export interface CommandLine {
  name: string;
  /** Run `pnpm install` after creating the worker (off with `--no-install`). */
  install: boolean;
  /** The workspace root; default the workspace that holds the generator. */
  root: string | undefined;
}

/**
 * Reads `new-worker <name> [--no-install] [--root <dir>]`.
 *
 * @throws {UsageError} no name, two names, or an unknown option
 *
 * @example
 * parseCommandLine(['demo-thing', '--no-install']); // { name: 'demo-thing', install: false, root: undefined }
 */
export function parseCommandLine(args: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { 'no-install': { type: 'boolean' }, root: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const [name, ...rest] = parsed.positionals;
  if (name === undefined) throw new UsageError(`a worker name is required\n${USAGE}`);
  if (rest.length > 0)
    throw new UsageError(`one worker name at a time, got ${parsed.positionals.join(' ')}\n${USAGE}`);
  return { name, install: parsed.values['no-install'] !== true, root: parsed.values.root };
}
