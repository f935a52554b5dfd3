import type { TriggerInput } from '@sosw/worker';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import {
  bundleCode,
  InfraPropsError,
  parseTriggers,
  sourceResourceName,
  WorkerStack,
} from '../../src/index.js';
import { policyStatements, settingsFrom, WORKER_FIXTURE } from '../helpers/app.js';
import { workerWith } from './helpers.js';

const STREAM = 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-05-01T00:00:00.000';

/** One trigger of every kind. */
const EVERY_KIND: TriggerInput[] = [
  { kind: 'schedule', name: 'nightly', expression: 'cron(0 3 * * ? *)' },
  { kind: 'queue', name: 'orders', maxConcurrency: 2 },
  { kind: 'topic', name: 'alerts' },
  { kind: 'object', name: 'uploads', bucket: 'shop-uploads', events: ['s3:ObjectCreated:*'], prefix: 'in/' },
  { kind: 'stream', name: 'orders-table', table: 'orders', streamArn: STREAM },
  { kind: 'event', name: 'placed', pattern: { source: ['shop'] } },
];

describe('WorkerStack with triggers', () => {
  it('gives a worker that is no labourer a plain function: same basics, no sosw grants, no config output', () => {
    const { stack, template } = workerWith([{ kind: 'queue', name: 'orders' }]);
    expect(stack.labourer).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'dev_orders',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'handler.handler',
      Timeout: 30,
      Environment: { Variables: { SOSW_TABLE_PREFIX: 'dev_', SOSW_ENV: 'production' } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/dev_orders' });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    // Lambda's own async retries stay on: no scavenger retries a worker that is not a labourer.
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 0);
    expect(Object.keys(template.findOutputs('*'))).toEqual([]);
    expect(policyStatements(stack).some(({ roles }) => roles.startsWith('dev_sosw_'))).toBe(false);
  });

  it('wires the triggers of a labourer to the labourer function, keeping everything a labourer has', () => {
    const { stack, template } = workerWith(
      [
        { kind: 'queue', name: 'orders' },
        { kind: 'schedule', name: 'nightly', expression: 'rate(1 day)' },
      ],
      { shape: 'labourer' },
    );
    expect(stack.labourer?.function).toBe(stack.function);
    expect(stack.triggers?.queues).toHaveLength(1);
    expect(stack.triggers?.schedules).toHaveLength(1);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: stack.getLogicalId(stack.function.node.defaultChild as never) },
    });
    expect(Object.keys(template.findOutputs('*'))).toEqual(['SoswLabourerConfigorders']);
  });

  it('adds nothing for a labourer without triggers', () => {
    const { stack, template } = workerWith([], { shape: 'labourer' });
    expect(stack.triggers).toBeUndefined();
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  });

  it('refuses a worker that would never be invoked, or is given two functions', () => {
    const app = new App();
    const settings = settingsFrom();
    const code = bundleCode(WORKER_FIXTURE);
    expect(() => new WorkerStack(app, { settings, workerName: 'idle', function: { code } })).toThrow(
      new InfraPropsError(
        'worker idle: triggers: a worker that is not a labourer needs at least one trigger, or nothing invokes it',
      ),
    );
    expect(() => new WorkerStack(app, { settings, workerName: 'none' })).toThrow(/not neither/);
    expect(
      () =>
        new WorkerStack(app, {
          settings,
          workerName: 'both',
          labourer: { code },
          function: { code },
          triggers: parseTriggers([{ kind: 'queue', name: 'a' }]),
        }),
    ).toThrow(/give either labourer .* or function .*, not both/);
  });

  it('is clean under cdk-nag with a trigger of every kind, acknowledging only the stream failure queue and CDK’s S3 handler', () => {
    const { app } = workerWith(EVERY_KIND);
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join()}`,
      ),
    ).toEqual([]);
    const acknowledged = app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) =>
            Object.keys(entry.data as object).map(
              (rule) => `${construct.node.path} ${rule.replace(/^annotation::/i, '')}`,
            ),
          ),
      )
      .sort();
    expect(acknowledged).toEqual([
      'SoswWorker-orders/BucketNotificationsHandler050a0587b7544547bf325f094a3db834 AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'SoswWorker-orders/Triggers/Stream-orders-table/Failures AwsSolutions-SQS3',
    ]);
  });

  it('grants no "*" resource and no wildcard at all, with a trigger of every kind, as a labourer too', () => {
    for (const shape of ['function', 'labourer'] as const) {
      const statements = policyStatements(workerWith(EVERY_KIND, { shape }).stack);
      expect(statements.length).toBeGreaterThanOrEqual(8);
      expect(statements.filter(({ actions, resource }) => `${actions} ${resource}`.includes('*'))).toEqual(
        [],
      );
    }
  });

  it('synthesizes a template per kind that names its own resources only: one mapping per queue and stream', () => {
    const template = Template.fromStack(workerWith(EVERY_KIND).stack);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.resourceCountIs('Custom::S3BucketNotifications', 1);
    template.resourceCountIs('AWS::Events::Rule', 1);
  });
});

describe('parseTriggers', () => {
  it('fills the defaults of the schema the SDK uses', () => {
    expect(parseTriggers([{ kind: 'queue', name: 'orders' }])).toEqual([
      { kind: 'queue', name: 'orders', batchSize: 10, maxReceiveCount: 5 },
    ]);
  });

  it.each([
    [[{ kind: 'queue', name: 'orders', batchSize: 0 }], /^app\.ts: triggers\[0\] \(orders\)\.batchSize: /],
    [
      [{ kind: 'schedule', name: 'n', expression: 'every day' }],
      /^app\.ts: triggers\[0\] \(n\)\.expression: rate\(<n> <unit>\) or cron/,
    ],
    [[{ kind: 'carrier-pigeon', name: 'x' }], /^app\.ts: triggers\[0\] \(x\)/],
    [[{ kind: 'object', name: 'b', bucket: 'b-b', events: [] }], /^app\.ts: triggers\[0\] \(b\)\.events: /],
    [{ kind: 'queue' }, /^app\.ts: triggers: /],
    [
      [
        { kind: 'queue', name: 'orders' },
        { kind: 'queue', name: 'orders', batchSize: 5 },
      ],
      /^app\.ts: triggers\[1\] \(orders\): a second queue trigger named "orders"; trigger names are unique per kind/,
    ],
  ])('refuses %j, naming the trigger and the field', (value, message) => {
    expect(() => parseTriggers(value, 'app.ts')).toThrow(InfraPropsError);
    expect(() => parseTriggers(value, 'app.ts')).toThrow(message);
  });

  it('accepts one name for two kinds (a queue and a topic named alike)', () => {
    expect(
      parseTriggers([
        { kind: 'queue', name: 'orders' },
        { kind: 'topic', name: 'orders' },
      ]),
    ).toHaveLength(2);
  });
});

describe('sourceResourceName', () => {
  const context = { where: 'triggers[0] (x)', resource: 'an SQS queue name' } as const;

  it('is <front>-<name> when it fits', () => {
    expect(sourceResourceName('dev-importer', 'orders', 80, context)).toBe('dev-importer-orders');
  });

  it('shortens the front with a hash of it, so two long fronts stay apart, and keeps the end', () => {
    const a = sourceResourceName('dev-a-very-long-worker-name-one', 'orders', 24, context);
    const b = sourceResourceName('dev-a-very-long-worker-name-two', 'orders', 24, context);
    expect(a).toHaveLength(24);
    expect(a.endsWith('-orders')).toBe(true);
    expect(b.endsWith('-orders')).toBe(true);
    expect(a).not.toBe(b);
  });

  it('refuses a name too long for any front', () => {
    expect(() => sourceResourceName('dev-x', 'o'.repeat(75), 80, context)).toThrow(
      /triggers\[0\] \(x\)\.name: "o+" is too long to end an SQS queue name of at most 80 characters/,
    );
  });
});
