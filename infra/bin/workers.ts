import { join } from 'node:path';
import { Duration, type App } from 'aws-cdk-lib';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import {
  InfraPropsError,
  WORKSPACE_ROOT,
  WorkerStack,
  workerBundle,
  workerDeclarations,
  type LabourerDeclaration,
  type SoswSettings,
} from '../src/index.js';

/** Where `addWorkerStacks` looks, and how it finds a worker's code; the defaults are the workspace's. */
export interface WorkerStacksOptions {
  /** Default `<workspace>/workers`. */
  readonly workersDir?: string;
  /** Default `workerBundle(name)`: `workers/<name>/dist`. */
  readonly code?: (workerName: string) => Code;
}

/**
 * The worker stacks of this deployment: one `WorkerStack` per package under `workers/` that declares a
 * labourer (`labourer.json`, what `pnpm new-worker` writes), triggers (`src/app.ts` exporting `app`, whose
 * `app.triggers` are wired to the function), or both. The example workers that ship with sosw join only
 * with `-c examples=true`. A worker's package is also a dev dependency of `@sosw/infra`, so turbo builds
 * its bundle before synth. A worker that needs more (its own tables, grants, a longer timeout) gets a
 * stack of its own here instead, e.g. a subclass of `WorkerStack`.
 *
 * @throws InfraPropsError naming the worker folder when its declaration cannot be deployed
 */
export async function addWorkerStacks(
  app: App,
  settings: SoswSettings,
  options: WorkerStacksOptions = {},
): Promise<WorkerStack[]> {
  const includeExamples = String(app.node.tryGetContext('examples')) === 'true';
  const workersDir = options.workersDir ?? join(WORKSPACE_ROOT, 'workers');
  const codeOf = options.code ?? workerBundle;
  const workers = await workerDeclarations(workersDir, { includeExamples });
  return workers.map((worker) => {
    const code = codeOf(worker.workerName);
    try {
      return new WorkerStack(app, {
        settings,
        workerName: worker.workerName,
        triggers: worker.triggers,
        ...(worker.labourer === undefined
          ? { function: { code } }
          : { labourer: labourerProps(worker.labourer, code) }),
      });
    } catch (error) {
      if (!(error instanceof InfraPropsError)) throw error;
      throw new InfraPropsError(`workers/${worker.workerName}: ${error.message}`, { cause: error });
    }
  });
}

function labourerProps(labourer: LabourerDeclaration, code: Code) {
  return {
    labourerId: labourer.labourerId,
    code,
    ...(labourer.maxSimultaneousInvocations === undefined
      ? {}
      : { maxSimultaneousInvocations: labourer.maxSimultaneousInvocations }),
    ...(labourer.maxAttempts === undefined ? {} : { maxAttempts: labourer.maxAttempts }),
    ...(labourer.cooldown === undefined ? {} : { cooldown: Duration.seconds(labourer.cooldown) }),
  };
}
