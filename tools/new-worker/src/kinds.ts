import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.js';

/**
 * What feeds a new worker: `orchestrated` (the orchestrator invokes it with tasks; a labourer, as sosw's
 * workers are) or one trigger kind of `defineApp` from `@sosw/worker`.
 */
export const WORKER_KINDS = ['queue', 'schedule', 'topic', 'object', 'stream', 'orchestrated'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/** What `pnpm new-worker <name>` makes without `--trigger`: what it made before there were triggers. */
export const DEFAULT_WORKER_KIND: WorkerKind = 'orchestrated';

/** Where the templates are: `templates/<set>/`, each a tree of `*.tmpl` files. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

/** How the allowed kinds read in a message: `queue, schedule, topic, object, stream or orchestrated`. */
const ALLOWED = `${WORKER_KINDS.slice(0, -1).join(', ')} or ${WORKER_KINDS.at(-1) ?? ''}`;

/**
 * Checks a `--trigger` value.
 *
 * @throws {UsageError} naming the value and the allowed kinds
 *
 * @example
 * checkWorkerKind('queue'); // 'queue'
 * checkWorkerKind('sqs'); // throws: --trigger "sqs" is not a kind of worker: queue, schedule, topic, object, stream or orchestrated
 */
export function checkWorkerKind(value: string): WorkerKind {
  const kind = WORKER_KINDS.find((known) => known === value);
  if (kind === undefined) throw new UsageError(`--trigger "${value}" is not a kind of worker: ${ALLOWED}`);
  return kind;
}

/**
 * The template sets a kind is rendered from, in order: a file of a later set replaces the same file of an
 * earlier one. `orchestrated` is `worker` (a labourer with `labourer.json`); a trigger kind is `app` (the
 * package around a `defineApp` app) with `app-<kind>` (its `src/app.ts` and test) on top.
 *
 * @example
 * templateSetsOf('queue'); // ['app', 'app-queue']
 */
export function templateSetsOf(kind: WorkerKind): string[] {
  return kind === 'orchestrated' ? ['worker'] : ['app', `app-${kind}`];
}
