import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small pnpm workspace in a temporary folder: `packages/*`, `workers/*`, one existing worker
 * `workers/existing` and a package named `@sosw/taken-name` in `packages/other`.
 */
export async function fixtureWorkspace(): Promise<{
  root: string;
  workers(): Promise<string[]>;
  remove(): Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), 'new-worker-'));
  await writeFile(
    join(root, 'pnpm-workspace.yaml'),
    "packages:\n  - packages/*\n  - 'workers/*'\n\ncatalog:\n  zod: 1.0.0\n",
  );
  await mkdir(join(root, 'packages', 'other'), { recursive: true });
  await writeFile(
    join(root, 'packages', 'other', 'package.json'),
    JSON.stringify({ name: '@sosw/taken-name' }),
  );
  await mkdir(join(root, 'workers', 'existing'), { recursive: true });
  await writeFile(
    join(root, 'workers', 'existing', 'package.json'),
    JSON.stringify({ name: '@sosw/existing' }),
  );
  return {
    root,
    /** Everything in workers/, hidden entries included. */
    workers: async () => (await readdir(join(root, 'workers'))).sort(),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
