import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SoswSettings } from './context.js';

/** Every sosw Lambda: Node.js 24 (the bundles are built for it) on Graviton. */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;
export const LAMBDA_ARCHITECTURE = Architecture.ARM_64;

/** Tables, bucket and log groups are kept when their stack is deleted, unless deletion protection is off. */
export function removalPolicy(settings: SoswSettings): RemovalPolicy {
  return settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** Props of `FunctionLogs`. */
export interface FunctionLogsProps {
  readonly settings: SoswSettings;
  /** The function's name: the log group is `/aws/lambda/<name>`, where Lambda writes by default. */
  readonly functionName: string;
}

/**
 * A Lambda's log group, with the stage's retention, and its execution role, allowed to write there and
 * nowhere else. (The AWS managed `AWSLambdaBasicExecutionRole` would allow every log group in the account.)
 *
 * @example
 * const logs = new FunctionLogs(this, 'Logs', { settings, functionName: 'dev_importer' });
 * new Function(this, 'Fn', { role: logs.role, logGroup: logs.logGroup, ... });
 */
export class FunctionLogs extends Construct {
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: FunctionLogsProps & { roleName?: string }) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.settings.logRetentionDays,
      removalPolicy: removalPolicy(props.settings),
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the Lambda ${props.functionName}`,
      ...(props.roleName === undefined ? {} : { roleName: props.roleName }),
    });
    this.role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's ARN ends in `:*`, which covers the streams Lambda creates in it.
        resources: [this.logGroup.logGroupArn],
      }),
    );
  }
}

/** Props of `FunctionAlarms`. */
export interface FunctionAlarmsProps {
  readonly settings: SoswSettings;
  readonly function: IFunction;
  readonly functionName: string;
}

/**
 * Two alarms on a function: any error, and any throttle, in a 5-minute period. With `alarmTopicArn` in the
 * context, both notify that topic when they fire and when they clear.
 *
 * @example
 * new FunctionAlarms(this, 'Alarms', { settings, function: fn, functionName: 'dev_sosw_orchestrator' });
 */
export class FunctionAlarms extends Construct {
  readonly errors: Alarm;
  readonly throttles: Alarm;

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const common = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No invocations is no news: a labourer idle all night is not an alarm.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };
    this.errors = new Alarm(this, 'Errors', {
      ...common,
      alarmName: `${props.functionName}-errors`,
      alarmDescription: `${props.functionName} failed at least once in 5 minutes`,
      metric: props.function.metricErrors({ period, statistic: 'Sum' }),
    });
    this.throttles = new Alarm(this, 'Throttles', {
      ...common,
      alarmName: `${props.functionName}-throttles`,
      alarmDescription: `${props.functionName} was throttled at least once in 5 minutes`,
      metric: props.function.metricThrottles({ period, statistic: 'Sum' }),
    });
    if (props.settings.alarmTopicArn !== undefined) {
      const topic = Topic.fromTopicArn(this, 'AlarmTopic', props.settings.alarmTopicArn);
      for (const alarm of [this.errors, this.throttles]) {
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
      }
    }
  }
}
