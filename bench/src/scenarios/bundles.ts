import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { median } from '../measure.js';
import type { Figure } from '../report.js';

const ROOT = new URL('../../../', import.meta.url);
const SERVICES = new URL('services/', ROOT);
/** Fresh node processes per bundle; the median of their import times is reported. */
const COLD_STARTS = 10;

/**
 * Builds every service's Lambda bundle (`turbo run build --filter=./services/*`, a cache hit when nothing
 * changed).
 *
 * @throws Error with turbo's output when the build fails: the bundle figures need `dist/handler.js`
 */
export function buildServices(): void {
  const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=./services/*'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new Error(
      `building the services failed (turbo run build --filter=./services/*, exit ${String(build.status)}); ` +
        `fix the build, then run pnpm bench again:\n${build.stdout}${build.stderr}`,
    );
  }
}

/** Milliseconds a fresh node process takes to import `file` (the module's load and top-level code). */
function coldImportMs(file: URL): number {
  const script =
    'const started = performance.now(); await import(process.argv[1]); ' +
    'console.log(performance.now() - started);';
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, file.href], {
    encoding: 'utf8',
    // A Lambda has a region; no request is sent at import.
    env: { ...process.env, AWS_REGION: process.env.AWS_REGION ?? 'us-east-1' },
  });
  const ms = Number(run.stdout.trim());
  if (run.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`importing ${file.pathname} failed (exit ${String(run.status)}):\n${run.stderr}`);
  }
  return ms;
}

/**
 * Each service's Lambda bundle (`services/<name>/dist/handler.js`): its size in bytes and gzipped, and the
 * median time of `COLD_STARTS` fresh node processes to import it (what a cold start pays before the
 * handler runs). Run `buildServices` first.
 */
export function measureBundles(): Figure[] {
  const figures: Figure[] = [];
  for (const name of readdirSync(SERVICES).sort()) {
    const bundle = new URL(`${name}/dist/handler.js`, SERVICES);
    if (!existsSync(bundle)) {
      throw new Error(
        `${bundle.pathname} is missing after the build: does services/${name} build its handler?`,
      );
    }
    const bytes = readFileSync(bundle);
    const importMs = median(Array.from({ length: COLD_STARTS }, () => coldImportMs(bundle)));
    figures.push(
      { scenario: 'bundles', metric: `${name}: dist/handler.js`, value: bytes.length, unit: 'bytes' },
      { scenario: 'bundles', metric: `${name}: gzipped`, value: gzipSync(bytes).length, unit: 'bytes' },
      {
        scenario: 'bundles',
        metric: `${name}: cold import (median of ${COLD_STARTS} fresh node processes)`,
        value: importMs,
        unit: 'ms',
      },
    );
  }
  return figures;
}
