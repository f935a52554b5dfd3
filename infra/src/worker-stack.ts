import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SoswSettings } from './context.js';
import { InfraPropsError } from './errors.js';
import { Labourer, type LabourerProps } from './labourer.js';
import { stackName, workerStackId } from './naming.js';

/** Props of `WorkerStack`. */
export interface WorkerStackProps extends StackProps {
  readonly settings: SoswSettings;
  /** The worker's name: its package under `workers/` and its stack `SoswWorker-<name>`. */
  readonly workerName: string;
  /** The labourer; its id defaults to the worker's name with `-` as `_`. */
  readonly labourer: Omit<LabourerProps, 'settings' | 'labourerId'> & { readonly labourerId?: string };
}

const WORKER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * A worker's stack, `SoswWorker-<name>` (stack name `SoswWorker-<name>-<stage>`): one `Labourer`. Add the
 * worker's own resources to it (`stack.labourer.function` for grants), or subclass it.
 *
 * @example
 * const importer = new WorkerStack(app, {
 *   settings,
 *   workerName: 'importer',
 *   labourer: { code: workerBundle('importer'), maxSimultaneousInvocations: 10 },
 * });
 */
export class WorkerStack extends Stack {
  readonly labourer: Labourer;

  constructor(scope: Construct, props: WorkerStackProps) {
    const { settings, workerName, labourer, ...stackProps } = props;
    if (!WORKER_NAME_PATTERN.test(workerName)) {
      throw new InfraPropsError(
        `workerName: "${workerName}" is not a worker name: lowercase letters, digits and hyphens, starting with a letter, at most 40`,
      );
    }
    const id = workerStackId(workerName);
    super(scope, id, {
      stackName: stackName(id, settings.stage),
      description: `sosw worker ${workerName} of stage ${settings.stage}`,
      ...stackProps,
    });
    const { labourerId, ...labourerProps } = labourer;
    this.labourer = new Labourer(this, 'Labourer', {
      settings,
      labourerId: labourerId ?? workerName.replaceAll('-', '_'),
      ...labourerProps,
    });
  }
}
