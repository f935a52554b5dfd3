import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { InfraPropsError, scheduleInput } from '../../src/index.js';
import { flatten, policyStatements } from '../helpers/app.js';
import { onlyResource, workerWith } from './helpers.js';

describe('a schedule trigger', () => {
  const { stack, template } = workerWith([
    {
      kind: 'schedule',
      name: 'nightly',
      expression: 'cron(0 3 * * ? *)',
      timezone: 'Europe/Berlin',
      payload: { scope: 'all', days: 7 },
    },
    { kind: 'schedule', name: 'hourly', expression: 'rate(1 hour)', enabled: false },
  ]);

  it('is an EventBridge Scheduler schedule sending the envelope the SDK dispatches on, exactly', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkerFunction'), 'Arn'] },
        Input: '{"sosw_schedule":"nightly","payload":{"scope":"all","days":7}}',
      },
    });
  });

  it('sends an empty payload when none is declared, and deploys a disabled schedule as DISABLED, in UTC', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')) as {
      Properties: { ScheduleExpression: string; State: string; Target: { Input: string } } & Record<
        string,
        unknown
      >;
    }[];
    const hourly = schedules.find(({ Properties }) => Properties.ScheduleExpression === 'rate(1 hour)');
    expect(hourly?.Properties.State).toBe('DISABLED');
    expect(JSON.parse(hourly!.Properties.Target.Input)).toEqual({ sosw_schedule: 'hourly', payload: {} });
    expect(hourly?.Properties.ScheduleExpressionTimezone).toBe('Etc/UTC');
    expect(scheduleInput({ kind: 'schedule', name: 'n', expression: 'rate(1 day)', enabled: true })).toEqual({
      sosw_schedule: 'n',
      payload: {},
    });
  });

  it('invokes through one role that only scheduler.amazonaws.com of this account may assume, and that may invoke this function only', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
        },
      },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    const [role] = Object.values(roles) as {
      Properties: {
        AssumeRolePolicyDocument: { Statement: { Condition: Record<string, Record<string, unknown>> }[] };
      };
    }[];
    const condition = role!.Properties.AssumeRolePolicyDocument.Statement[0]!.Condition.StringEquals!;
    expect(flatten(condition['aws:SourceAccount'] as never)).toBe('${AWS::AccountId}');
    expect(flatten(condition['aws:SourceArn'] as never)).toBe(
      'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule-group/default',
    );
    const [roleId] = Object.keys(roles);
    const invokes = policyStatements(stack).filter(
      ({ roles: r }) => r === `\${${roleId!.replace(/[0-9A-F]{8}$/, '')}}`,
    );
    // CDK's own LambdaInvoke would add `<function ARN>:*` too; a schedule only invokes the function itself.
    expect(invokes.map(({ actions, resource }) => `${actions} -> ${resource}`)).toEqual([
      'lambda:InvokeFunction -> ${WorkerFunction.Arn}',
    ]);
    expect(onlyResource(template, 'AWS::Lambda::Function')).toMatchObject({ FunctionName: 'dev_orders' });
  });

  it('refuses a time zone the IANA database does not know, naming the field', () => {
    expect(() =>
      workerWith([
        { kind: 'schedule', name: 'nightly', expression: 'rate(1 day)', timezone: 'Europe/Berln' },
      ]),
    ).toThrow(
      new InfraPropsError(
        'triggers[0] (nightly).timezone: "Europe/Berln" is not an IANA time zone (e.g. "Europe/Berlin")',
      ),
    );
  });
});
