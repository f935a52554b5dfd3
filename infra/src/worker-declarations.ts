import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Trigger } from '@sosw/worker';
import { InfraPropsError } from './errors.js';
import { parseTriggers } from './triggers/parse.js';

/**
 * What a worker package's `labourer.json` declares: its labourer id and the config entry sosw keeps under
 * `task_config.labourers.<id>` (sosw's shape, snake_case). The `arn` there names the local function for
 * `pnpm start`; in AWS the `Labourer` construct makes the real one, so it is ignored here.
 */
export interface LabourerDeclaration {
  readonly labourerId: string;
  readonly maxSimultaneousInvocations?: number;
  readonly maxAttempts?: number;
  /** Seconds. */
  readonly cooldown?: number;
}

/**
 * What a worker package declares about itself: a labourer (`labourer.json`), triggers (`src/app.ts`), or
 * both. The infra deploys a worker that declares at least one of them.
 */
export interface WorkerDeclaration {
  /** The folder under `workers/`, which is also the worker's stack name. */
  readonly workerName: string;
  /** From `labourer.json`; `undefined` for a worker the orchestrator never invokes. */
  readonly labourer: LabourerDeclaration | undefined;
  /** `app.triggers` of `src/app.ts`, validated; empty without that file. */
  readonly triggers: readonly Trigger[];
}

/** The files that make a folder under `workers/` a worker the infra deploys. */
export const LABOURER_FILE = 'labourer.json';
export const APP_FILE = join('src', 'app.ts');

const numberField = (entry: Record<string, unknown>, field: string, where: string): number | undefined => {
  const value = entry[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InfraPropsError(`${where}: ${field} must be a whole number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
};

/**
 * Reads one worker's `labourer.json`: exactly one labourer, `{ "<id>": { ...config } }`.
 *
 * @example
 * parseLabourerJson('example-echo', '{"example_echo": {"arn": "example_echo", "max_simultaneous_invocations": 10}}');
 * // { labourerId: 'example_echo', maxSimultaneousInvocations: 10 }
 */
export function parseLabourerJson(workerName: string, json: string): LabourerDeclaration {
  const where = `workers/${workerName}/${LABOURER_FILE}`;
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new InfraPropsError(`${where}: not JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InfraPropsError(`${where}: must be an object { "<labourer id>": { ...config } }`);
  }
  const entries: [string, unknown][] = Object.entries(document);
  const [first] = entries;
  if (entries.length !== 1 || first === undefined) {
    throw new InfraPropsError(`${where}: must declare exactly one labourer, found ${entries.length}`);
  }
  const [labourerId, config] = first;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InfraPropsError(`${where}: ${labourerId} must be an object of labourer config`);
  }
  const entry = config as Record<string, unknown>;
  const maxSimultaneousInvocations = numberField(entry, 'max_simultaneous_invocations', where);
  const maxAttempts = numberField(entry, 'max_attempts', where);
  const cooldown = numberField(entry, 'cooldown', where);
  return {
    labourerId,
    ...(maxSimultaneousInvocations === undefined ? {} : { maxSimultaneousInvocations }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(cooldown === undefined ? {} : { cooldown }),
  };
}

/**
 * The triggers a worker's `src/app.ts` declares: it imports the module (which builds the app and does
 * nothing else, as `defineApp` promises) and reads `app.triggers`, validated by `@sosw/worker`'s schema.
 * Under `cdk synth` the module is TypeScript run by tsx with the `@sosw/source` condition (`cdk.json`).
 *
 * @throws InfraPropsError naming the file when it does not export `app` with a `triggers` list, or a
 * trigger is invalid (`workers/x/src/app.ts: triggers[0] (orders).batchSize: ...`)
 *
 * @example
 * await loadAppTriggers('order-indexer', '/repo/workers/order-indexer/src/app.ts');
 * // [{ kind: 'queue', name: 'orders', batchSize: 10, maxReceiveCount: 5 }]
 */
export async function loadAppTriggers(workerName: string, appFile: string): Promise<Trigger[]> {
  const where = `workers/${workerName}/src/app.ts`;
  const module = (await import(pathToFileURL(appFile).href)) as Record<string, unknown>;
  const { app } = module;
  const triggers: unknown =
    typeof app === 'object' && app !== null && 'triggers' in app ? app.triggers : undefined;
  if (!Array.isArray(triggers)) {
    throw new InfraPropsError(
      `${where}: must export \`app\` (built by defineApp from @sosw/worker) whose \`triggers\` the infra wires; ` +
        `it exports ${Object.keys(module).join(', ') || 'nothing'}`,
    );
  }
  return parseTriggers(triggers, where);
}

/**
 * Every worker package under `workersDir` the infra deploys, by folder name: those with a `labourer.json`
 * (a labourer), a `src/app.ts` (triggers), or both. The `example-*` workers that ship with sosw are left
 * out unless `includeExamples`.
 *
 * @throws InfraPropsError naming the file of a bad `labourer.json` or `src/app.ts`
 *
 * @example
 * const workers = await workerDeclarations('/repo/workers');
 * // [{ workerName: 'order-indexer', labourer: undefined, triggers: [{ kind: 'queue', name: 'orders', ... }] }]
 */
export async function workerDeclarations(
  workersDir: string,
  { includeExamples = false } = {},
): Promise<WorkerDeclaration[]> {
  if (!existsSync(workersDir)) return [];
  const names = readdirSync(workersDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => includeExamples || !name.startsWith('example-'))
    .sort();
  const declarations: WorkerDeclaration[] = [];
  for (const workerName of names) {
    const labourerFile = join(workersDir, workerName, LABOURER_FILE);
    const appFile = join(workersDir, workerName, APP_FILE);
    const hasLabourer = existsSync(labourerFile);
    const hasApp = existsSync(appFile);
    if (!hasLabourer && !hasApp) continue;
    declarations.push({
      workerName,
      labourer: hasLabourer ? parseLabourerJson(workerName, readFileSync(labourerFile, 'utf8')) : undefined,
      triggers: hasApp ? await loadAppTriggers(workerName, appFile) : [],
    });
  }
  return declarations;
}
