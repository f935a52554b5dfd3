import type { EventTrigger } from '@sosw/worker';
import { EventBus, Rule, type EventPattern, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { TriggerSourceProps } from './source-props.js';

/**
 * An EventBridge pattern as CDK's `EventPattern` type spells it. The pattern's JSON keys are CDK's
 * property names, except `detail-type`, which CDK calls `detailType` (and renders back as `detail-type`);
 * every value goes through as written, so the rule's `EventPattern` is the trigger's pattern.
 *
 * @example
 * eventPatternOf({ source: ['shop'], 'detail-type': ['OrderPlaced'] }); // { source: ['shop'], detailType: ['OrderPlaced'] }
 */
export function eventPatternOf(pattern: Readonly<Record<string, unknown>>): EventPattern {
  const { 'detail-type': detailType, ...rest } = pattern;
  return { ...rest, ...(detailType === undefined ? {} : { detailType }) } as EventPattern;
}

/**
 * An event trigger: an EventBridge rule with the trigger's pattern, on `eventBus` (a name or an ARN; the
 * account's default bus when absent), targeting the worker's function. EventBridge may invoke the function
 * for this rule only (a Lambda permission with the rule's ARN as source). EventBridge invokes Lambda
 * asynchronously: a failing handler is retried as the function's asynchronous invocation config says.
 *
 * @example
 * new EventRuleSource(this, 'OrderPlaced', { settings, function: fn, trigger, namePrefix: 'dev-shipper', where: 'triggers[0] (order-placed)' });
 */
export class EventRuleSource extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: TriggerSourceProps<EventTrigger>) {
    super(scope, id);
    const { trigger } = props;
    const eventBus = busOf(this, trigger.eventBus);
    this.rule = new Rule(this, 'Rule', {
      description: `sosw event trigger ${trigger.name} of worker ${props.namePrefix}`,
      ...(eventBus === undefined ? {} : { eventBus }),
      eventPattern: eventPatternOf(trigger.pattern),
      targets: [new LambdaFunction(props.function)],
    });
  }
}

function busOf(scope: Construct, eventBus: string | undefined): IEventBus | undefined {
  if (eventBus === undefined) return undefined;
  return eventBus.startsWith('arn:')
    ? EventBus.fromEventBusArn(scope, 'EventBus', eventBus)
    : EventBus.fromEventBusName(scope, 'EventBus', eventBus);
}
