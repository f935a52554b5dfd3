import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfraPropsError } from './errors.js';

/**
 * What a worker package declares about itself in its `labourer.json`: its labourer id and the config entry
 * sosw keeps under `task_config.labourers.<id>` (sosw's shape, snake_case). The `arn` there names the local
 * function for `pnpm start`; in AWS the `Labourer` construct makes the real one, so it is ignored here.
 */
export interface WorkerDeclaration {
  /** The folder under `workers/`, which is also the worker's stack name. */
  readonly workerName: string;
  readonly labourerId: string;
  readonly maxSimultaneousInvocations?: number;
  readonly maxAttempts?: number;
  /** Seconds. */
  readonly cooldown?: number;
}

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
 * parseWorkerDeclaration('example-echo', '{"example_echo": {"arn": "example_echo", "max_simultaneous_invocations": 10}}');
 * // { workerName: 'example-echo', labourerId: 'example_echo', maxSimultaneousInvocations: 10 }
 */
export function parseWorkerDeclaration(workerName: string, json: string): WorkerDeclaration {
  const where = `workers/${workerName}/labourer.json`;
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
    workerName,
    labourerId,
    ...(maxSimultaneousInvocations === undefined ? {} : { maxSimultaneousInvocations }),
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(cooldown === undefined ? {} : { cooldown }),
  };
}

/**
 * Every worker package under `workersDir` that declares a labourer (has a `labourer.json`), by folder name.
 * The `example-*` workers that ship with sosw are left out unless `includeExamples`.
 */
export function workerDeclarations(
  workersDir: string,
  { includeExamples = false } = {},
): WorkerDeclaration[] {
  if (!existsSync(workersDir)) return [];
  return readdirSync(workersDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => includeExamples || !name.startsWith('example-'))
    .filter((name) => existsSync(join(workersDir, name, 'labourer.json')))
    .sort()
    .map((name) =>
      parseWorkerDeclaration(name, readFileSync(join(workersDir, name, 'labourer.json'), 'utf8')),
    );
}
