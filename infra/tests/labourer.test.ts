import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  bundleCode,
  InfraPropsError,
  Labourer,
  labourerConfigEntry,
  labourerConfigPatch,
  labourerOutputKey,
  MissingBundleError,
  WorkerStack,
  workerBundle,
} from '../src/index.js';
import { arn, buildApp, policyStatements, settingsFrom, WORKER_FIXTURE } from './helpers/app.js';

const importerArn = arn('lambda', 'function:dev_importer');

describe('Labourer', () => {
  const { worker } = buildApp();
  const template = Template.fromStack(worker);

  it('deploys the worker on Node.js 24, arm64, named after stage and labourer, told where the worker-assistant is', () => {
    expect(worker.stackName).toBe('SoswWorker-importer-dev');
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'dev_importer',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'handler.handler',
      Timeout: 300,
      Environment: {
        Variables: {
          SOSW_WORKER_ASSISTANT_NAME: 'dev_sosw_worker_assistant',
          SOSW_TABLE_PREFIX: 'dev_',
          SOSW_ENV: 'production',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/dev_importer',
      RetentionInDays: 30,
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });

  it('turns Lambda retries off (sosw retries) and drops events older than the cooldown', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
    });
  });

  it('lets the worker invoke the worker-assistant; the orchestrator invoke it; the others read its timeout', () => {
    expect(
      policyStatements(worker).map(({ roles, actions, resource }) => [roles, actions, resource]),
    ).toEqual([
      ['${LabourerLogsRole}', 'logs:CreateLogStream logs:PutLogEvents', '${LabourerLogsLogGroup.Arn}'],
      ['dev_sosw_scavenger', 'lambda:GetFunctionConfiguration', importerArn],
      ['dev_sosw_worker_assistant', 'lambda:GetFunctionConfiguration', importerArn],
      ['dev_sosw_orchestrator', 'lambda:GetFunctionConfiguration lambda:InvokeFunction', importerArn],
      ['${LabourerLogsRole}', 'lambda:InvokeFunction', arn('lambda', 'function:dev_sosw_worker_assistant')],
    ]);
  });

  it('outputs its config entry, to merge into sosw_essential_config', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual([labourerOutputKey('importer')]);
    const value = JSON.stringify(outputs[labourerOutputKey('importer')]);
    expect(value).toContain('{\\"task_config\\":{\\"labourers\\":{\\"importer\\":{\\"arn\\":\\"');
    expect(value).toContain('\\",\\"max_simultaneous_invocations\\":10}}}}');
    expect(value).toMatch(/"Fn::GetAtt":\["LabourerFunction[0-9A-F]{8}","Arn"\]/);
  });

  it('may schedule jobs when allowed, and then knows the scheduler by name', () => {
    const stack = new Stack(new App(), 'Chain');
    const labourer = new Labourer(stack, 'Chain', {
      settings: settingsFrom({ stage: 'qa' }),
      labourerId: 'stats_chain',
      code: bundleCode(WORKER_FIXTURE),
      allowScheduling: true,
      timeout: Duration.minutes(2),
      cooldown: Duration.minutes(10),
      maxAttempts: 5,
    });
    const chain = Template.fromStack(stack);
    chain.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'qa_stats_chain',
      Timeout: 120,
      Environment: { Variables: { SOSW_SCHEDULER_NAME: 'qa_sosw_scheduler' } },
    });
    chain.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 600,
    });
    const invokes = policyStatements(stack).filter(
      ({ roles, actions }) => roles.includes('Logs') && actions === 'lambda:InvokeFunction',
    );
    expect(invokes.map(({ resource }) => resource)).toEqual([
      arn('lambda', 'function:qa_sosw_scheduler'),
      arn('lambda', 'function:qa_sosw_worker_assistant'),
    ]);
    expect(labourer.configEntry).toMatchObject({ max_attempts: 5, cooldown: 600 });
  });

  it('refuses labourer ids and worker names that cannot name a function or a stack', () => {
    const settings = settingsFrom();
    const stack = new Stack(new App(), 'Bad');
    const code = bundleCode(WORKER_FIXTURE);
    expect(() => new Labourer(stack, 'A', { settings, labourerId: 'has space', code })).toThrow(
      InfraPropsError,
    );
    expect(() => new Labourer(stack, 'B', { settings, labourerId: 'x'.repeat(61), code })).toThrow(
      /longer than the 64 characters Lambda allows/,
    );
    expect(
      () => new WorkerStack(new App(), { settings, workerName: 'Importer', labourer: { code } }),
    ).toThrow(/workerName: "Importer" is not a worker name/);
  });

  it('names the missing bundle and how to build it', () => {
    expect(() => workerBundle('not-built-yet')).toThrow(MissingBundleError);
    expect(() => workerBundle('not-built-yet')).toThrow(
      /no Lambda bundle at workers\/not-built-yet\/dist\/handler.js; build it first: pnpm exec turbo run build/,
    );
  });
});

describe('the labourer config entry', () => {
  it('is sosw-shaped, without duration (the Lambda timeout is read instead)', () => {
    const entry = labourerConfigEntry({
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:dev_importer',
      maxSimultaneousInvocations: 3,
      maxAttempts: 4,
      cooldownSeconds: 120,
      healthMetrics: { db: { details: { Namespace: 'AWS/RDS' }, feelings: { '3': 50 } } },
    });
    expect(entry).toEqual({
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:dev_importer',
      max_simultaneous_invocations: 3,
      max_attempts: 4,
      cooldown: 120,
      health_metrics: { db: { details: { Namespace: 'AWS/RDS' }, feelings: { '3': 50 } } },
    });
    expect(labourerConfigEntry({ arn: 'a' })).toEqual({ arn: 'a' });
    expect(labourerConfigPatch('importer', { arn: 'a' })).toEqual({
      task_config: { labourers: { importer: { arn: 'a' } } },
    });
  });

  it('has an output key CloudFormation accepts', () => {
    expect(labourerOutputKey('stats_puller-2')).toBe('SoswLabourerConfigstatspuller2');
  });
});
