import type { ScheduleTrigger } from '@sosw/worker';
import { TimeZone } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, type ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { InfraPropsError } from '../errors.js';
import type { TriggerSourceProps } from './source-props.js';

/** What a schedule sends the worker: the SDK finds the handler by `sosw_schedule`. */
export interface ScheduleInput {
  readonly sosw_schedule: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * The input a schedule trigger's target sends: `{ "sosw_schedule": "<name>", "payload": <payload ?? {}> }`,
 * the envelope `defineApp().onSchedule(name, ...)` dispatches on.
 *
 * @example
 * scheduleInput({ kind: 'schedule', name: 'nightly', expression: 'rate(1 day)', enabled: true });
 * // { sosw_schedule: 'nightly', payload: {} }
 */
export function scheduleInput(trigger: ScheduleTrigger): ScheduleInput {
  return { sosw_schedule: trigger.name, payload: trigger.payload ?? {} };
}

/**
 * `LambdaInvoke` with a role that may invoke the function and nothing else. CDK's own grants
 * `lambda:InvokeFunction` on the function and on `<function ARN>:*` (every version and alias); a schedule
 * invokes the unqualified function only, so the wildcard would be privilege nobody uses.
 */
class InvokeFunctionOnly extends LambdaInvoke {
  private readonly target: IFunction;

  constructor(fn: IFunction, props: ScheduleTargetBaseProps) {
    super(fn, props);
    this.target = fn;
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['lambda:InvokeFunction'],
        resources: [this.target.functionArn],
      }),
    );
  }
}

/**
 * A schedule trigger: an EventBridge Scheduler schedule (`AWS::Scheduler::Schedule`, default group) that
 * invokes the worker with `scheduleInput(trigger)`. Its `expression` is `rate(...)` or `cron(...)`, in
 * `timezone` (an IANA name; `Etc/UTC` when absent); `enabled: false` deploys it `DISABLED`. The schedule's role
 * is CDK's one role per target function in the stack, trusted by `scheduler.amazonaws.com` only for this
 * account's default schedule group (`aws:SourceAccount`, `aws:SourceArn`), allowed to invoke this function
 * only. Scheduler invokes Lambda asynchronously, so a failing handler is retried as the function's
 * asynchronous invocation config says (none for a labourer).
 *
 * @example
 * new ScheduleSource(this, 'Nightly', { settings, function: fn, trigger, namePrefix: 'dev-importer', where: 'triggers[0] (nightly)' });
 */
export class ScheduleSource extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: TriggerSourceProps<ScheduleTrigger>) {
    super(scope, id);
    const { trigger, where } = props;
    if (trigger.timezone !== undefined && !isTimeZone(trigger.timezone)) {
      throw new InfraPropsError(
        `${where}.timezone: "${trigger.timezone}" is not an IANA time zone (e.g. "Europe/Berlin")`,
      );
    }
    this.schedule = new Schedule(this, 'Schedule', {
      description: `sosw schedule ${trigger.name} of worker ${props.namePrefix}`,
      schedule: ScheduleExpression.expression(
        trigger.expression,
        trigger.timezone === undefined ? undefined : TimeZone.of(trigger.timezone),
      ),
      target: new InvokeFunctionOnly(props.function, {
        input: ScheduleTargetInput.fromObject(scheduleInput(trigger)),
      }),
      enabled: trigger.enabled,
    });
  }
}

/** Whether the runtime's time zone database knows `name` (the IANA names Scheduler accepts). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
