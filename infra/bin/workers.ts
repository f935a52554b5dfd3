import { join } from 'node:path';
import { Duration, type App } from 'aws-cdk-lib';
import {
  WORKSPACE_ROOT,
  WorkerStack,
  workerBundle,
  workerDeclarations,
  type SoswSettings,
} from '../src/index.js';

/**
 * The worker stacks of this deployment: one `WorkerStack` per package under `workers/` that declares its
 * labourer in a `labourer.json` (what `pnpm new-worker` writes). The example workers that ship with sosw
 * join only with `-c examples=true`. A worker's package is also a dev dependency of `@sosw/infra`, so
 * turbo builds its bundle before synth. A worker that needs more than a Labourer (its own tables,
 * queues, grants) gets a stack of its own here instead, e.g. a subclass of `WorkerStack`.
 */
export function addWorkerStacks(app: App, settings: SoswSettings): WorkerStack[] {
  const includeExamples = String(app.node.tryGetContext('examples')) === 'true';
  return workerDeclarations(join(WORKSPACE_ROOT, 'workers'), { includeExamples }).map(
    (worker) =>
      new WorkerStack(app, {
        settings,
        workerName: worker.workerName,
        labourer: {
          labourerId: worker.labourerId,
          code: workerBundle(worker.workerName),
          ...(worker.maxSimultaneousInvocations === undefined
            ? {}
            : { maxSimultaneousInvocations: worker.maxSimultaneousInvocations }),
          ...(worker.maxAttempts === undefined ? {} : { maxAttempts: worker.maxAttempts }),
          ...(worker.cooldown === undefined ? {} : { cooldown: Duration.seconds(worker.cooldown) }),
        },
      }),
  );
}
