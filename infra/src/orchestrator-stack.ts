import { Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { EssentialFunction } from './essential-function.js';
import { essentialStack, type EssentialStackProps } from './essential-stack.js';

/**
 * `SoswOrchestrator`: the orchestrator Lambda, run every minute. Beside its tables it reads CloudWatch
 * metrics for the ecology (`GetMetricData`, which IAM cannot narrow to resources). Its right to invoke a
 * labourer and read its timeout comes with each labourer (`Labourer`), not from here.
 *
 * @example
 * new OrchestratorStack(app, { settings: soswSettings(app) });
 */
export class OrchestratorStack extends Stack {
  readonly essential: EssentialFunction;

  constructor(scope: Construct, props: EssentialStackProps) {
    super(scope, ...essentialStack('orchestrator', props));
    this.essential = new EssentialFunction(this, 'Essential', {
      settings: props.settings,
      essential: 'orchestrator',
      ...(props.code === undefined ? {} : { code: props.code }),
    });
    this.essential.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['cloudwatch:GetMetricData'],
        // GetMetricData supports no resource-level permissions: `*` is the only resource it accepts.
        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
        resources: ['*'],
      }),
    );
    Validations.of(this.essential.logs.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'cloudwatch:GetMetricData has no resource-level permissions; it is the only action on "*".',
    });
  }
}
