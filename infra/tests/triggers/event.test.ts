import { describe, expect, it } from 'vitest';
import { eventPatternOf } from '../../src/index.js';
import { flatten } from '../helpers/app.js';
import { functionStatements, onlyResource, workerWith } from './helpers.js';

const pattern = {
  source: ['shop'],
  'detail-type': ['OrderPlaced'],
  account: ['123456789012'],
  detail: {
    'order-id': [{ prefix: 'o-' }],
    amount: [{ numeric: ['>', 100] }],
    'gift-wrap': [{ exists: true }],
  },
};

describe('an event trigger', () => {
  const { stack, template } = workerWith([{ kind: 'event', name: 'order-placed', pattern }]);

  it("is a rule on the default bus whose pattern is the trigger's, key for key, targeting the function", () => {
    const rule = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.EventPattern).toEqual(pattern);
    expect(rule).not.toHaveProperty('EventBusName');
    expect(rule.State).toBe('ENABLED');
    const [target] = rule.Targets as { Arn: never }[];
    expect(flatten(target!.Arn)).toBe('${WorkerFunction.Arn}');
  });

  it('lets EventBridge invoke the function for this rule only, and grants the function nothing', () => {
    const permission = onlyResource(template, 'AWS::Lambda::Permission');
    expect(permission).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com' });
    expect(flatten(permission.SourceArn as never)).toBe('${TriggersEventorderplacedRule.Arn}');
    expect(functionStatements(stack)).toEqual([
      'logs:CreateLogStream logs:PutLogEvents -> ${WorkerLogsLogGroup.Arn}',
    ]);
  });

  it('listens on a named bus, or on a bus given by ARN', () => {
    const byName = workerWith([
      { kind: 'event', name: 'a', pattern: { source: ['x'] }, eventBus: 'shop-bus' },
    ]);
    expect(onlyResource(byName.template, 'AWS::Events::Rule').EventBusName).toBe('shop-bus');
    const byArn = workerWith([
      {
        kind: 'event',
        name: 'a',
        pattern: { source: ['x'] },
        eventBus: 'arn:aws:events:eu-west-1:123456789012:event-bus/partner-bus',
      },
    ]);
    expect(onlyResource(byArn.template, 'AWS::Events::Rule').EventBusName).toBe('partner-bus');
  });

  it("spells detail-type as CDK's detailType and leaves the rest alone", () => {
    expect(eventPatternOf({ source: ['a'], 'detail-type': ['B'] })).toEqual({
      source: ['a'],
      detailType: ['B'],
    });
    expect(eventPatternOf({ detail: { x: [1] } })).toEqual({ detail: { x: [1] } });
  });
});
