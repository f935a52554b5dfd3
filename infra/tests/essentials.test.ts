import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ESSENTIAL_SPECS, type Essential } from '../src/index.js';
import { buildApp } from './helpers/app.js';

const { stacks } = buildApp();
const byEssential: Record<Essential, Stack> = {
  orchestrator: stacks.orchestrator,
  scavenger: stacks.scavenger,
  scheduler: stacks.scheduler,
  'worker-assistant': stacks.workerAssistant,
};

describe.each(Object.keys(byEssential) as Essential[])('the %s stack', (essential) => {
  const stack = byEssential[essential];
  const template = Template.fromStack(stack);
  const functionName = `dev_sosw_${essential.replace('-', '_')}`;

  it('is named after the stage', () => {
    expect(stack.stackName).toMatch(/^Sosw[A-Za-z]+-dev$/);
  });

  it('runs the service bundle on Node.js 24, arm64, with the stage in its environment', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: functionName,
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'handler.handler',
      Timeout: ESSENTIAL_SPECS[essential].timeout.toSeconds(),
      MemorySize: ESSENTIAL_SPECS[essential].memorySize,
      Environment: { Variables: { SOSW_TABLE_PREFIX: 'dev_', SOSW_ENV: 'production' } },
    });
  });

  it('has a role named like the function, for labourer stacks to grant it access', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: functionName,
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
        ],
      },
    });
    // Its own log permissions, not the AWS managed policy for every log group.
    expect(JSON.stringify(template.toJSON())).not.toContain('AWSLambdaBasicExecutionRole');
  });

  it('logs to its own log group, kept 30 days by default', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: `/aws/lambda/${functionName}`, RetentionInDays: 30 },
      DeletionPolicy: 'Retain',
    });
  });

  it('retries async invocations as its spec says', () => {
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: ESSENTIAL_SPECS[essential].retryAttempts,
    });
  });

  it('alarms on any error and any throttle in 5 minutes', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    for (const metric of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${functionName}-${metric.toLowerCase()}`,
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it(ESSENTIAL_SPECS[essential].everyMinute ? 'runs every minute' : 'has no schedule', () => {
    const rules = template.findResources('AWS::Events::Rule');
    if (!ESSENTIAL_SPECS[essential].everyMinute) {
      expect(rules).toEqual({});
      return;
    }
    expect(Object.keys(rules)).toHaveLength(1);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [{ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } }],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
    });
  });
});

describe('the retry settings', () => {
  it('leave retries to sosw for the orchestrator and the scavenger, and to Lambda for the scheduler and reports', () => {
    expect(
      Object.fromEntries(Object.entries(ESSENTIAL_SPECS).map(([name, spec]) => [name, spec.retryAttempts])),
    ).toEqual({
      orchestrator: 0,
      scavenger: 0,
      scheduler: 2,
      'worker-assistant': 2,
    });
  });

  it('notify an alarm topic from the context when alarms fire and clear', () => {
    const topic = 'arn:aws:sns:eu-west-1:123456789012:sosw-alarms';
    const template = Template.fromStack(buildApp({ alarmTopicArn: topic }).stacks.orchestrator);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { AlarmActions: string[]; OKActions: string[] };
    }[];
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.OKActions).toEqual([topic]);
    }
  });

  it('keep logs as long as the context says, and let them go with the stack without deletion protection', () => {
    const template = Template.fromStack(
      buildApp({ logRetentionDays: '90', deletionProtection: 'false' }).stacks.scavenger,
    );
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Delete',
    });
  });
});
