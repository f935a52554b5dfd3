import type { JsonObject } from '@sosw/core';
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { Effect, Policy, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { functionArn } from './arns.js';
import type { SoswSettings } from './context.js';
import { InfraPropsError } from './errors.js';
import type { FunctionAlarms } from './lambda-basics.js';
import { labourerConfigEntry, labourerConfigPatch } from './labourer-config.js';
import { essentialFunctionName, labourerFunctionName } from './naming.js';
import { workerLambda, type WorkerCodeProps } from './worker-function.js';

/** The environment variable the worker SDK reads the worker-assistant's name from. */
export const WORKER_ASSISTANT_NAME_ENV = 'SOSW_WORKER_ASSISTANT_NAME';
/** Given to labourers that may schedule jobs (`allowScheduling`): the scheduler's function name. */
export const SCHEDULER_NAME_ENV = 'SOSW_SCHEDULER_NAME';

const LABOURER_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const DEFAULT_COOLDOWN = Duration.minutes(5);

/** Props of `Labourer`. */
export interface LabourerProps extends WorkerCodeProps {
  readonly settings: SoswSettings;
  /** The labourer's id: its key in `task_config.labourers` and a job's `lambda_name`. */
  readonly labourerId: string;
  /** Config: `max_simultaneous_invocations` (sosw's default is 1). */
  readonly maxSimultaneousInvocations?: number;
  /** Config: `max_attempts` (default: `task_config.max_attempts`, 3). */
  readonly maxAttempts?: number;
  /** Config: `cooldown`, after the timeout before a task expires. Default 5 minutes. */
  readonly cooldown?: Duration;
  /** Config: `health_metrics` for `@sosw/ecology`. */
  readonly healthMetrics?: JsonObject;
  /** Let the worker send jobs to the scheduler (callback chains). Default false. */
  readonly allowScheduling?: boolean;
}

/**
 * A labourer: a worker Lambda wired into sosw. A worker package uses it in its own stack (`WorkerStack`).
 *
 * - the Lambda (Node.js 24, arm64, `handler.handler`), its log group with the stage's retention, and
 *   alarms on errors and throttles;
 * - Lambda's own retries off (`MaximumRetryAttempts: 0`): sosw retries, with attempts counted. An event
 *   older than the cooldown is dropped too: by then the task is about to expire and be retried anyway;
 * - the worker may invoke the worker-assistant (and, with `allowScheduling`, the scheduler), found by
 *   `SOSW_WORKER_ASSISTANT_NAME` (`SOSW_SCHEDULER_NAME`);
 * - the orchestrator's role may invoke it and read its configuration (its timeout is the task duration),
 *   and the scavenger's and worker-assistant's roles may read its configuration. These are policies on
 *   the essentials' roles (found by name), made in this stack: adding a labourer never redeploys an
 *   essential. The essentials must be deployed first.
 * - its config entry: a stack output `SoswLabourerConfig<id>` holding the JSON document to merge into
 *   `sosw_essential_config` (README: "Register a labourer"). sosw keeps all labourers in that one row,
 *   as a JSON string, so no single DynamoDB write could add one labourer without replacing the others.
 *
 * @example
 * const importer = new Labourer(this, 'Importer', {
 *   settings,
 *   labourerId: 'importer',
 *   code: workerBundle('importer'),
 *   maxSimultaneousInvocations: 10,
 * });
 * bucket.grantRead(importer.function);
 */
export class Labourer extends Construct {
  readonly labourerId: string;
  readonly functionName: string;
  readonly function: LambdaFn;
  readonly role: Role;
  readonly alarms: FunctionAlarms;
  /** The `task_config.labourers.<id>` entry (its `arn` resolves at deploy time). */
  readonly configEntry: JsonObject;
  /** The stack output with the config document to merge into `sosw_essential_config`. */
  readonly configOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: LabourerProps) {
    super(scope, id);
    const { settings, labourerId } = props;
    if (!LABOURER_ID_PATTERN.test(labourerId)) {
      throw new InfraPropsError(`labourerId: "${labourerId}" may hold only letters, digits, "_" and "-"`);
    }
    this.labourerId = labourerId;
    this.functionName = labourerFunctionName(settings.stage, labourerId);
    const cooldown = props.cooldown ?? DEFAULT_COOLDOWN;
    const workerAssistant = essentialFunctionName(settings.stage, 'worker-assistant');
    const scheduler = essentialFunctionName(settings.stage, 'scheduler');

    const lambda = workerLambda(this, {
      settings,
      functionName: this.functionName,
      description: `sosw labourer ${labourerId} (stage ${settings.stage})`,
      nameField: 'labourerId',
      code: props.code,
      ...(props.handler === undefined ? {} : { handler: props.handler }),
      ...(props.timeout === undefined ? {} : { timeout: props.timeout }),
      ...(props.memorySize === undefined ? {} : { memorySize: props.memorySize }),
      environment: {
        [WORKER_ASSISTANT_NAME_ENV]: workerAssistant,
        ...(props.allowScheduling === true ? { [SCHEDULER_NAME_ENV]: scheduler } : {}),
        ...props.environment,
      },
    });
    this.function = lambda.function;
    this.role = lambda.role;
    this.alarms = lambda.alarms;
    this.function.configureAsyncInvoke({
      retryAttempts: 0,
      // Lambda accepts 60 s to 6 h.
      maxEventAge: Duration.seconds(Math.min(Math.max(cooldown.toSeconds(), 60), 21_600)),
    });

    const invokable = [workerAssistant, ...(props.allowScheduling === true ? [scheduler] : [])];
    this.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: invokable.map((name) => functionArn(this, name)),
      }),
    );

    const ownArn = functionArn(this, this.functionName);
    const grantTo = (
      essentialId: string,
      essential: 'orchestrator' | 'scavenger' | 'worker-assistant',
      actions: string[],
    ) => {
      const roleName = essentialFunctionName(settings.stage, essential);
      new Policy(this, essentialId, {
        roles: [Role.fromRoleName(this, `${essentialId}Role`, roleName)],
        statements: [new PolicyStatement({ effect: Effect.ALLOW, actions, resources: [ownArn] })],
      });
    };
    grantTo('OrchestratorAccess', 'orchestrator', [
      'lambda:InvokeFunction',
      'lambda:GetFunctionConfiguration',
    ]);
    grantTo('ScavengerAccess', 'scavenger', ['lambda:GetFunctionConfiguration']);
    grantTo('WorkerAssistantAccess', 'worker-assistant', ['lambda:GetFunctionConfiguration']);

    this.configEntry = labourerConfigEntry({
      arn: this.function.functionArn,
      maxSimultaneousInvocations: props.maxSimultaneousInvocations,
      maxAttempts: props.maxAttempts,
      cooldownSeconds: props.cooldown?.toSeconds(),
      healthMetrics: props.healthMetrics,
    });
    this.configOutput = new CfnOutput(this, 'Config', {
      description: `Merge into the sosw_essential_config row (env "${settings.configEnv}") of ${settings.tablePrefix}config`,
      value: Stack.of(this).toJsonString(labourerConfigPatch(labourerId, this.configEntry)),
    });
    this.configOutput.overrideLogicalId(labourerOutputKey(labourerId));
  }
}

/**
 * The stack output key of a labourer's config document.
 *
 * @example
 * labourerOutputKey('stats_puller'); // 'SoswLabourerConfigstatspuller'
 */
export function labourerOutputKey(labourerId: string): string {
  return `SoswLabourerConfig${labourerId.replace(/[^A-Za-z0-9]/g, '')}`;
}
