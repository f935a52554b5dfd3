import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { addWorkerStacks } from '../bin/workers.js';
import { InfraPropsError, parseWorkerDeclaration, soswSettings, workerDeclarations } from '../src/index.js';

describe('parseWorkerDeclaration', () => {
  it("reads the one labourer of a worker's labourer.json, ignoring its local arn", () => {
    expect(
      parseWorkerDeclaration(
        'importer',
        '{"importer": {"arn": "importer", "max_simultaneous_invocations": 10, "max_attempts": 5, "cooldown": 60}}',
      ),
    ).toEqual({
      workerName: 'importer',
      labourerId: 'importer',
      maxSimultaneousInvocations: 10,
      maxAttempts: 5,
      cooldown: 60,
    });
    expect(parseWorkerDeclaration('importer', '{"importer": {}}')).toEqual({
      workerName: 'importer',
      labourerId: 'importer',
    });
  });

  it.each([
    ['not json', /workers\/w\/labourer.json: not JSON/],
    ['[]', /must be an object/],
    ['{}', /exactly one labourer, found 0/],
    ['{"a": {}, "b": {}}', /exactly one labourer, found 2/],
    ['{"a": 3}', /a must be an object of labourer config/],
    ['{"a": {"max_attempts": "3"}}', /max_attempts must be a whole number >= 0, got "3"/],
    ['{"a": {"max_simultaneous_invocations": 1.5}}', /max_simultaneous_invocations must be a whole number/],
  ])('refuses %s, naming the file and the field', (json, message) => {
    expect(() => parseWorkerDeclaration('w', json)).toThrow(InfraPropsError);
    expect(() => parseWorkerDeclaration('w', json)).toThrow(message);
  });
});

describe('workerDeclarations', () => {
  const root = mkdtempSync(join(tmpdir(), 'sosw-workers-'));
  const worker = (name: string, labourer?: string) => {
    mkdirSync(join(root, name), { recursive: true });
    if (labourer !== undefined) writeFileSync(join(root, name, 'labourer.json'), labourer);
  };
  worker('importer', '{"importer": {"max_simultaneous_invocations": 2}}');
  worker('billing-sync', '{"billing_sync": {}}');
  worker('example-echo', '{"example_echo": {}}');
  worker('not-a-worker');
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finds every folder with a labourer.json, sorted, examples left out by default', () => {
    expect(workerDeclarations(root).map((w) => w.workerName)).toEqual(['billing-sync', 'importer']);
  });

  it('takes the examples in when asked', () => {
    expect(workerDeclarations(root, { includeExamples: true }).map((w) => w.labourerId)).toEqual([
      'billing_sync',
      'example_echo',
      'importer',
    ]);
  });

  it('is empty without a workers folder', () => {
    expect(workerDeclarations(join(root, 'missing'))).toEqual([]);
  });
});

describe('addWorkerStacks', () => {
  const appWith = (context: Record<string, string>) => {
    const app = new App({ context });
    return { app, stacks: addWorkerStacks(app, soswSettings(app)) };
  };

  it('adds no stack for the shipped examples unless -c examples=true', () => {
    expect(appWith({}).stacks).toEqual([]);
  });

  it("gives each example worker its stack and Labourer, from the worker's labourer.json", () => {
    const { stacks } = appWith({ examples: 'true' });
    expect(stacks.map((stack) => stack.stackName)).toEqual([
      'SoswWorker-example-echo-dev',
      'SoswWorker-example-stats-puller-dev',
    ]);
    const echo = Template.fromStack(stacks[0]!);
    echo.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'dev_example_echo' });
    echo.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });
});
