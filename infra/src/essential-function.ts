import { ENV_VARS } from '@sosw/core';
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFn, type Code, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ORCHESTRATOR_NAME_ENV } from '@sosw/task-manager';
import { functionArn } from './arns.js';
import { BUNDLE_HANDLER, serviceBundle } from './bundles.js';
import type { SoswSettings } from './context.js';
import { ESSENTIAL_SPECS } from './essential-specs.js';
import { FunctionAlarms, FunctionLogs, LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME } from './lambda-basics.js';
import { essentialFunctionName, type Essential } from './naming.js';
import { ESSENTIAL_TABLE_ACCESS, tableAccessStatements } from './table-access.js';

/** Props of `EssentialFunction`. */
export interface EssentialFunctionProps {
  readonly settings: SoswSettings;
  readonly essential: Essential;
  /** The Lambda code. Default: the service's bundle, `services/<essential>/dist`. */
  readonly code?: Code;
  /** More environment variables, beside `SOSW_TABLE_PREFIX` and `SOSW_ENV`. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Where Lambda sends an asynchronous invocation that failed all its attempts. */
  readonly onFailure?: IDestination;
}

/**
 * One essential's Lambda with everything around it: its log group and role (named like the function, so
 * labourer stacks can grant it access), its tables and indexes and nothing else, the async invoke retries
 * of its `ESSENTIAL_SPECS`, an EventBridge rule every minute when it is scheduled, and alarms on errors
 * and throttles.
 *
 * @example
 * const orchestrator = new EssentialFunction(this, 'Orchestrator', { settings, essential: 'orchestrator' });
 * orchestrator.addToRolePolicy(new PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
 */
export class EssentialFunction extends Construct {
  readonly function: LambdaFn;
  readonly functionName: string;
  readonly logs: FunctionLogs;
  readonly alarms: FunctionAlarms;
  /** The every-minute rule, for the orchestrator and the scavenger. */
  readonly schedule: Rule | undefined;

  constructor(scope: Construct, id: string, props: EssentialFunctionProps) {
    super(scope, id);
    const { settings, essential } = props;
    const spec = ESSENTIAL_SPECS[essential];
    this.functionName = essentialFunctionName(settings.stage, essential);
    const orchestratorName = essentialFunctionName(settings.stage, 'orchestrator');
    this.logs = new FunctionLogs(this, 'Logs', {
      settings,
      functionName: this.functionName,
      roleName: this.functionName,
    });
    this.function = new LambdaFn(this, 'Function', {
      functionName: this.functionName,
      description: spec.description,
      runtime: LAMBDA_RUNTIME,
      architecture: LAMBDA_ARCHITECTURE,
      handler: BUNDLE_HANDLER,
      code: props.code ?? serviceBundle(essential),
      timeout: spec.timeout,
      memorySize: spec.memorySize,
      role: this.logs.role,
      logGroup: this.logs.logGroup,
      environment: {
        [ENV_VARS.tablePrefix]: settings.tablePrefix,
        [ENV_VARS.env]: settings.configEnv,
        ...(spec.requestsDispatch ? { [ORCHESTRATOR_NAME_ENV]: orchestratorName } : {}),
        ...props.environment,
      },
    });
    this.function.configureAsyncInvoke({
      retryAttempts: spec.retryAttempts,
      ...(props.onFailure === undefined ? {} : { onFailure: props.onFailure }),
    });
    for (const statement of tableAccessStatements(
      this,
      settings.tablePrefix,
      ESSENTIAL_TABLE_ACCESS[essential],
    )) {
      this.addToRolePolicy(statement);
    }
    if (spec.requestsDispatch) {
      // By its fixed name: the orchestrator's stack deploys on its own.
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['lambda:InvokeFunction'],
          resources: [functionArn(this, orchestratorName)],
        }),
      );
    }
    this.schedule = spec.everyMinute
      ? new Rule(this, 'EveryMinute', {
          description: `Runs ${this.functionName} every minute`,
          schedule: Schedule.rate(Duration.minutes(1)),
          // A tick that cannot be delivered is not worth delivering late: the next one comes in a minute.
          targets: [
            new LambdaFunction(this.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) }),
          ],
        })
      : undefined;
    this.alarms = new FunctionAlarms(this, 'Alarms', {
      settings,
      function: this.function,
      functionName: this.functionName,
    });
  }

  /** Adds a statement to the function's role. */
  addToRolePolicy(statement: PolicyStatement): void {
    this.logs.role.addToPolicy(statement);
  }
}
