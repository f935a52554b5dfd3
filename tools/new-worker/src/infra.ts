import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Makes a new worker part of the deployment: its package becomes a dev dependency of `@sosw/infra`, so
 * turbo builds its bundle before `cdk synth`, and infra's `bin/workers.ts` gives every worker with a
 * `labourer.json` its stack. Returns false (and changes nothing) in a workspace without `infra/`.
 *
 * @example
 * await registerWithInfra('/work/main', '@sosw/stats-puller'); // infra/package.json now lists it
 */
export async function registerWithInfra(root: string, packageName: string): Promise<boolean> {
  const file = join(root, 'infra', 'package.json');
  if (!existsSync(file)) return false;
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { devDependencies?: Record<string, string> };
  const devDependencies = { ...manifest.devDependencies, [packageName]: 'workspace:*' };
  manifest.devDependencies = Object.fromEntries(
    Object.entries(devDependencies).sort(([a], [b]) => a.localeCompare(b)),
  );
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return true;
}
