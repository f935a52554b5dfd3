import { Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from './helpers/app.js';

const EVERY_OPTION = {
  alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:sosw-alarms',
  deadLetterTopicArn: 'arn:aws:sns:eu-west-1:123456789012:sosw-dead',
};

/** Every acknowledgment in the app: the rule, where, and the reason written for it. */
function acknowledgments(
  root: ReturnType<typeof buildApp>['app'],
): { path: string; rule: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({
          path: construct.node.path,
          rule: rule.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutionsChecks over the whole app', () => {
  it.each([
    ['the defaults', {}],
    ['every option set, deletion protection off', { ...EVERY_OPTION, deletionProtection: 'false' }],
  ])('finds nothing unacknowledged with %s', (_name, context) => {
    const { app } = buildApp(context);
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(
      report.violations.map(
        (violation) =>
          `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('fails synth on a finding nobody acknowledged, as bin/app.ts registers it', () => {
    const { app } = buildApp();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();

    const { app: careless, stacks } = buildApp();
    Validations.of(careless).addPlugins(new AwsSolutionsChecks(careless));
    // What a careless change would do: a statement on "*" that nobody justified.
    stacks.workerAssistant.essential.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: ['*'] }),
    );
    expect(() => careless.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  });

  it('suppresses only a few findings, each with a written reason', () => {
    const { app } = buildApp(EVERY_OPTION);
    const acks = acknowledgments(app);
    expect(acks.map(({ path, rule }) => `${path} ${rule}`).sort()).toEqual([
      'SoswOrchestrator/Essential/Logs/Role AwsSolutions-IAM5[Resource::*]',
      'SoswScheduler/Continuations AwsSolutions-S1',
      'SoswScheduler/Essential/Logs/Role AwsSolutions-IAM5[Resource::<ContinuationsAAB566A5.Arn>/sosw/scheduler/*]',
      'SoswScheduler/FailedJobs AwsSolutions-SQS3',
    ]);
    for (const { reason } of acks) expect(reason.length).toBeGreaterThan(40);
  });
});
