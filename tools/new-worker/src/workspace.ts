import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { NewWorkerError } from './errors.js';

/** The file that marks a pnpm workspace's root. */
export const WORKSPACE_FILE = 'pnpm-workspace.yaml';

/**
 * The nearest folder at or above `from` with a `pnpm-workspace.yaml`.
 *
 * @throws {NewWorkerError} when there is none up to the file system's root
 *
 * @example
 * findWorkspaceRoot(process.cwd()); // '/work/main'
 */
export function findWorkspaceRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, WORKSPACE_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new NewWorkerError(`no ${WORKSPACE_FILE} in ${from} or any folder above it`);
    dir = parent;
  }
}

/**
 * The `packages:` globs of a `pnpm-workspace.yaml`. Only the shape this workspace uses is read: a block
 * list of plain or quoted entries (`- packages/*`, `- infra`).
 *
 * @example
 * workspaceGlobs('packages:\n  - packages/*\n  - infra\n'); // ['packages/*', 'infra']
 */
export function workspaceGlobs(yaml: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages || /^\s*(#.*)?$/.test(line)) continue;
    const entry = /^\s+-\s+['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line);
    if (entry === null) break;
    globs.push(entry[1] as string);
  }
  return globs;
}

/**
 * Every workspace package's name, with its folder (relative to `root`): the folders the `packages:`
 * globs match (`dir/*` or `dir`) that hold a `package.json` with a `name`.
 *
 * @example
 * (await workspacePackages('/work/main')).get('@sosw/worker'); // 'packages/worker'
 */
export async function workspacePackages(root: string): Promise<Map<string, string>> {
  const globs = workspaceGlobs(await readFile(join(root, WORKSPACE_FILE), 'utf8'));
  const dirs: string[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    if (glob.endsWith('/*')) {
      const parent = glob.slice(0, -2);
      const entries = await readdir(join(root, parent), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isDirectory()) dirs.push(join(parent, entry.name));
    } else {
      dirs.push(glob);
    }
  }
  const packages = new Map<string, string>();
  for (const dir of dirs) {
    const text = await readFile(join(root, dir, 'package.json'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const { name } = JSON.parse(text) as { name?: unknown };
    if (typeof name === 'string') packages.set(name, dir);
  }
  return packages;
}
