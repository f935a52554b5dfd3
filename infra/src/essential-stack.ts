import type { StackProps } from 'aws-cdk-lib';
import type { Code } from 'aws-cdk-lib/aws-lambda';
import type { SoswSettings } from './context.js';
import { essentialStackId, stackName, type Essential } from './naming.js';

/** Props of every essential's stack. */
export interface EssentialStackProps extends StackProps {
  readonly settings: SoswSettings;
  /** The Lambda code; default: the service's bundle (`services/<name>/dist`). */
  readonly code?: Code;
}

/**
 * The construct id and the stack props of an essential's stack: the id is the same in every stage (it is
 * what `cdk deploy` selects), the CloudFormation stack name carries the stage.
 *
 * @example
 * const [id, stackProps] = essentialStack('orchestrator', props);
 * super(scope, id, stackProps); // SoswOrchestrator, stack name SoswOrchestrator-dev
 */
export function essentialStack(essential: Essential, props: EssentialStackProps): [string, StackProps] {
  const { settings, code: _code, ...stackProps } = props;
  const id = essentialStackId(essential);
  return [
    id,
    {
      stackName: stackName(id, settings.stage),
      description: `sosw ${essential} of stage ${settings.stage}`,
      ...stackProps,
    },
  ];
}
