import type { Trigger } from '@sosw/worker';
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { SoswSettings } from './context.js';
import { InfraPropsError } from './errors.js';
import { Labourer, type LabourerProps } from './labourer.js';
import { stackName, workerStackId } from './naming.js';
import { wireTriggers, type TriggerSources } from './triggers/index.js';
import { WorkerFunction, type WorkerFunctionProps } from './worker-function.js';

/** Props of `WorkerStack`: a labourer, or a function fed only by its triggers; either may have triggers. */
export interface WorkerStackProps extends StackProps {
  readonly settings: SoswSettings;
  /** The worker's name: its package under `workers/` and its stack `SoswWorker-<name>`. */
  readonly workerName: string;
  /**
   * The worker is a labourer: the orchestrator invokes it with tasks. Its id defaults to the worker's name
   * with `-` as `_`.
   */
  readonly labourer?: Omit<LabourerProps, 'settings' | 'labourerId'> & { readonly labourerId?: string };
  /** The worker is not a labourer: only its `triggers` invoke it. The function is `<stage>_<name>`. */
  readonly function?: Omit<WorkerFunctionProps, 'settings' | 'workerName'>;
  /**
   * What else invokes the worker (its `app.triggers`): queues, schedules, topics, buckets, streams,
   * EventBridge rules, wired to the one function by `wireTriggers`.
   */
  readonly triggers?: readonly Trigger[];
}

const WORKER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * A worker's stack, `SoswWorker-<name>` (stack name `SoswWorker-<name>-<stage>`): the worker's one Lambda,
 * as a `Labourer` (the orchestrator invokes it) or a plain `WorkerFunction`, and the wiring of its triggers
 * (`triggers`, see `TriggerSources`). Add the worker's own resources to it (`stack.function` for grants),
 * or subclass it.
 *
 * @throws InfraPropsError for a bad worker name, both or neither of `labourer` and `function`, a
 * `function` without triggers (nothing would invoke it), or a trigger the wiring refuses
 *
 * @example
 * const importer = new WorkerStack(app, {
 *   settings,
 *   workerName: 'importer',
 *   labourer: { code: workerBundle('importer'), maxSimultaneousInvocations: 10 },
 * });
 * const indexer = new WorkerStack(app, {
 *   settings,
 *   workerName: 'order-indexer',
 *   function: { code: workerBundle('order-indexer') },
 *   triggers: [{ kind: 'queue', name: 'orders', batchSize: 10, maxReceiveCount: 5 }],
 * });
 */
export class WorkerStack extends Stack {
  /** The worker's Lambda, labourer or not. */
  readonly function: LambdaFn;
  /** The labourer, when the worker is one. */
  readonly labourer: Labourer | undefined;
  /** The wiring of `triggers`, when there are any. */
  readonly triggers: TriggerSources | undefined;

  constructor(scope: Construct, props: WorkerStackProps) {
    const { settings, workerName, labourer, function: plain, triggers = [], ...stackProps } = props;
    if (!WORKER_NAME_PATTERN.test(workerName)) {
      throw new InfraPropsError(
        `workerName: "${workerName}" is not a worker name: lowercase letters, digits and hyphens, starting with a letter, at most 40`,
      );
    }
    if (plain !== undefined && triggers.length === 0) {
      throw new InfraPropsError(
        `worker ${workerName}: triggers: a worker that is not a labourer needs at least one trigger, or nothing invokes it`,
      );
    }
    const id = workerStackId(workerName);
    super(scope, id, {
      stackName: stackName(id, settings.stage),
      description: `sosw worker ${workerName} of stage ${settings.stage}`,
      ...stackProps,
    });
    if (labourer !== undefined && plain === undefined) {
      const { labourerId, ...labourerProps } = labourer;
      this.labourer = new Labourer(this, 'Labourer', {
        settings,
        labourerId: labourerId ?? workerName.replaceAll('-', '_'),
        ...labourerProps,
      });
      this.function = this.labourer.function;
    } else if (plain !== undefined && labourer === undefined) {
      this.labourer = undefined;
      this.function = new WorkerFunction(this, 'Worker', { settings, workerName, ...plain }).function;
    } else {
      throw new InfraPropsError(
        `worker ${workerName}: give either labourer (the orchestrator invokes it) or function (only its triggers do), ` +
          `not ${labourer === undefined ? 'neither' : 'both'}`,
      );
    }
    this.triggers =
      triggers.length === 0
        ? undefined
        : wireTriggers(this, this.function, triggers, { settings, workerName });
  }
}
