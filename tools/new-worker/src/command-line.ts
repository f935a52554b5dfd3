import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { checkWorkerKind, DEFAULT_WORKER_KIND, WORKER_KINDS, type WorkerKind } from './kinds.js';

/** The usage line. */
export const USAGE = `usage: pnpm new-worker <name> [--trigger ${WORKER_KINDS.join('|')}] [--no-install] [--root <workspace dir>]`;

/** What the command line asks for. */
export interface CommandLine {
  name: string;
  /** What feeds the worker (`--trigger`); default `orchestrated`. */
  kind: WorkerKind;
  /** Run `pnpm install` after creating the worker (off with `--no-install`). */
  install: boolean;
  /** The workspace root; default the workspace that holds the generator. */
  root: string | undefined;
}

/**
 * Reads `new-worker <name> [--trigger <kind>] [--no-install] [--root <dir>]`.
 *
 * @throws {UsageError} no name, two names, an unknown option or an unknown `--trigger` kind
 *
 * @example
 * parseCommandLine(['demo-thing', '--no-install']); // { name: 'demo-thing', kind: 'orchestrated', install: false, root: undefined }
 * parseCommandLine(['order-indexer', '--trigger', 'queue']); // { name: 'order-indexer', kind: 'queue', install: true, root: undefined }
 */
export function parseCommandLine(args: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { 'no-install': { type: 'boolean' }, root: { type: 'string' }, trigger: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const [name, ...rest] = parsed.positionals;
  if (name === undefined) throw new UsageError(`a worker name is required\n${USAGE}`);
  if (rest.length > 0)
    throw new UsageError(`one worker name at a time, got ${parsed.positionals.join(' ')}\n${USAGE}`);
  const { trigger } = parsed.values;
  return {
    name,
    kind: trigger === undefined ? DEFAULT_WORKER_KIND : checkWorkerKind(trigger),
    install: parsed.values['no-install'] !== true,
    root: parsed.values.root,
  };
}
