import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './errors.js';

/** A labourer entry of `task_config.labourers`, as a worker's `labourer.json` gives it. */
export type LabourerEntry = Record<string, unknown> & { arn: string };

/**
 * Reads every `workers/<name>/labourer.json` under `root` and merges them into one `labourers` object.
 *
 * @example
 * ```ts
 * const labourers = await readWorkerLabourers('/work/main');
 * // { example_echo: { arn: 'example_echo', ... }, example_stats_puller: { ... } }
 * ```
 */
export async function readWorkerLabourers(root: string): Promise<Record<string, LabourerEntry>> {
  const dir = join(root, 'workers');
  const labourers: Record<string, LabourerEntry> = {};
  for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    const path = join(dir, entry.name, 'labourer.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue; // a worker without labourer.json is not orchestrated
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) throw new CliError(`${path}: expected a JSON object`);
    for (const [id, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (
        typeof value !== 'object' ||
        value === null ||
        typeof (value as { arn?: unknown }).arn !== 'string'
      ) {
        throw new CliError(`${path}: ${id}.arn must be a string`);
      }
      labourers[id] = value as LabourerEntry;
    }
  }
  return labourers;
}
