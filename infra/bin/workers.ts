import type { App } from 'aws-cdk-lib';
import type { SoswSettings } from '../src/index.js';

/**
 * The worker stacks of this deployment, one `WorkerStack` per package under `workers/`. A worker needs two
 * lines in infra: its package as a dev dependency of `@sosw/infra` (`"@sosw/importer": "workspace:*"`, so
 * turbo's `^build` builds its bundle before synth and tests), and its stack here (what `pnpm new-worker`
 * is to add; until then, by hand):
 *
 * ```ts
 * new WorkerStack(app, {
 *   settings,
 *   workerName: 'importer',
 *   labourer: { code: workerBundle('importer'), maxSimultaneousInvocations: 10 },
 * });
 * ```
 */
export function addWorkerStacks(_app: App, _settings: SoswSettings): void {
  // No worker packages yet.
}
