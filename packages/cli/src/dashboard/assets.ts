import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the page loads: its bytes and content type. */
export interface Asset {
  body: Uint8Array;
  type: string;
}

/** The names under `/assets/` the dashboard serves, and where each comes from. */
export const ASSET_NAMES = ['dashboard.js', 'dashboard.css', 'chart.umd.min.js'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/**
 * `static/dashboard/` of this package. This module runs from `src/dashboard/` (tests, `tsx`) or bundled
 * into `dist/` (the `sosw` bin), so the folder is looked for upwards rather than at a fixed distance.
 */
function staticDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'static', 'dashboard');
    if (existsSync(join(candidate, 'dashboard.js'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`the dashboard's static files were not found above ${import.meta.url}`);
    dir = parent;
  }
}

/** Chart.js's browser build, from the installed package (its exports do not list it, its `main` sits beside it). */
function chartJsFile(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}

/**
 * Reads the page's files once: the dashboard's own script and stylesheet, and Chart.js from
 * `node_modules` (never a CDN: the dashboard works offline).
 *
 * @example
 * ```ts
 * const assets = await loadAssets();
 * assets.get('chart.umd.min.js')?.type; // 'text/javascript; charset=utf-8'
 * ```
 */
export async function loadAssets(): Promise<ReadonlyMap<AssetName, Asset>> {
  const dir = staticDirectory();
  const files: Record<AssetName, string> = {
    'dashboard.js': join(dir, 'dashboard.js'),
    'dashboard.css': join(dir, 'dashboard.css'),
    'chart.umd.min.js': chartJsFile(),
  };
  const entries = await Promise.all(
    ASSET_NAMES.map(async (name): Promise<[AssetName, Asset]> => {
      const type = TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
      return [name, { body: await readFile(files[name]), type }];
    }),
  );
  return new Map(entries);
}
