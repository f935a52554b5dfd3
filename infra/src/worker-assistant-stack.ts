import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EssentialFunction } from './essential-function.js';
import { essentialStack, type EssentialStackProps } from './essential-stack.js';

/**
 * `SoswWorkerAssistant`: the Lambda workers report to. Labourers get the right to invoke it from their
 * own stacks (`Labourer`), by its fixed name `<stage>_sosw_worker_assistant`.
 *
 * @example
 * new WorkerAssistantStack(app, { settings: soswSettings(app) });
 */
export class WorkerAssistantStack extends Stack {
  readonly essential: EssentialFunction;

  constructor(scope: Construct, props: EssentialStackProps) {
    super(scope, ...essentialStack('worker-assistant', props));
    this.essential = new EssentialFunction(this, 'Essential', {
      settings: props.settings,
      essential: 'worker-assistant',
      ...(props.code === undefined ? {} : { code: props.code }),
    });
  }
}
