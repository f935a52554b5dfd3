import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { flatten } from '../helpers/app.js';
import { functionStatements, onlyResource, workerWith } from './helpers.js';

const IMPORTED = 'arn:aws:sns:eu-west-1:123456789012:shop-alerts';

describe('a topic trigger', () => {
  const filterPolicy = {
    severity: ['high', 'critical'],
    $or: [{ region: ['eu'] }, { tier: [{ prefix: 'gold' }] }],
  };
  const { stack, template } = workerWith([{ kind: 'topic', name: 'alerts', filterPolicy }]);

  it('makes the topic <stage>-<worker>-<name>, encrypted with the SNS managed key, TLS only', () => {
    const topic = onlyResource(template, 'AWS::SNS::Topic');
    expect(topic.TopicName).toBe('dev-orders-alerts');
    expect(flatten(topic.KmsMasterKeyId as never)).toBe(
      'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sns',
    );
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
  });

  it('subscribes the function with the filter policy exactly as declared, on message attributes', () => {
    const subscription = onlyResource(template, 'AWS::SNS::Subscription');
    expect(subscription).toMatchObject({ Protocol: 'lambda', FilterPolicyScope: 'MessageAttributes' });
    expect(subscription.FilterPolicy).toEqual(filterPolicy);
    expect(flatten(subscription.TopicArn as never)).toBe('${TriggersTopicalertsTopic}');
    expect(flatten(subscription.Endpoint as never)).toBe('${WorkerFunction.Arn}');
  });

  it('lets SNS invoke the function for this topic only, and grants the function nothing', () => {
    const permission = onlyResource(template, 'AWS::Lambda::Permission');
    expect(permission).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com' });
    expect(flatten(permission.SourceArn as never)).toBe('${TriggersTopicalertsTopic}');
    expect(functionStatements(stack)).toEqual([
      'logs:CreateLogStream logs:PutLogEvents -> ${WorkerLogsLogGroup.Arn}',
    ]);
  });

  it('subscribes to an existing topic by its ARN, making none, without a filter when none is declared', () => {
    const { template: imported } = workerWith([{ kind: 'topic', name: 'shop-alerts', topicArn: IMPORTED }]);
    imported.resourceCountIs('AWS::SNS::Topic', 0);
    const subscription = onlyResource(imported, 'AWS::SNS::Subscription');
    expect(subscription.TopicArn).toBe(IMPORTED);
    expect(subscription).not.toHaveProperty('FilterPolicy');
    expect(onlyResource(imported, 'AWS::Lambda::Permission').SourceArn).toBe(IMPORTED);
  });
});
