import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { MissingBundleError } from './errors.js';
import type { Essential } from './naming.js';

/** The workspace root: infra/src/ is two levels down. */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Lambda handler of every sosw bundle: `dist/handler.js` exporting `handler`. */
export const BUNDLE_HANDLER = 'handler.handler';

const BUILD_HINT = 'pnpm exec turbo run build --filter @sosw/infra^...';

/**
 * The code of a Lambda from a built `dist/` directory (the bundle `handler.js`), without source maps: they
 * are larger than the bundle and only help with `--enable-source-maps`, which slows every cold start.
 *
 * @throws MissingBundleError when `dist/handler.js` does not exist
 *
 * @example
 * const code = bundleCode('/repo/workers/importer/dist');
 */
export function bundleCode(distDir: string): Code {
  const handlerFile = join(distDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    throw new MissingBundleError(relative(WORKSPACE_ROOT, handlerFile) || handlerFile, BUILD_HINT);
  }
  return Code.fromAsset(distDir, { exclude: ['*.map'] });
}

/**
 * An essential's bundle: `services/<name>/dist`, built by `pnpm build` (the infra package's tests and
 * `synth` build it first through turbo).
 *
 * @example
 * new Function(this, 'Fn', { code: serviceBundle('orchestrator'), handler: BUNDLE_HANDLER, ... });
 */
export function serviceBundle(essential: Essential): Code {
  return bundleCode(join(WORKSPACE_ROOT, 'services', essential, 'dist'));
}

/**
 * A worker package's bundle: `workers/<name>/dist`.
 *
 * @example
 * new Labourer(this, 'Importer', { settings, labourerId: 'importer', code: workerBundle('importer') });
 */
export function workerBundle(workerName: string): Code {
  return bundleCode(join(WORKSPACE_ROOT, 'workers', workerName, 'dist'));
}
