import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addWorkerStacks } from '../bin/workers.js';
import {
  bundleCode,
  InfraPropsError,
  loadAppTriggers,
  parseLabourerJson,
  soswSettings,
  workerDeclarations,
} from '../src/index.js';
import { WORKER_FIXTURE } from './helpers/app.js';

/** Worker folders as discovery reads them: `app.ts` files export a plain `{ triggers }`. */
const WORKERS = fileURLToPath(new URL('fixtures/workers', import.meta.url));
const badWorkers = (name: string) => fileURLToPath(new URL(`fixtures/bad-workers/${name}`, import.meta.url));

describe('parseLabourerJson', () => {
  it("reads the one labourer of a worker's labourer.json, ignoring its local arn", () => {
    expect(
      parseLabourerJson(
        'importer',
        '{"importer": {"arn": "importer", "max_simultaneous_invocations": 10, "max_attempts": 5, "cooldown": 60}}',
      ),
    ).toEqual({ labourerId: 'importer', maxSimultaneousInvocations: 10, maxAttempts: 5, cooldown: 60 });
    expect(parseLabourerJson('importer', '{"importer": {}}')).toEqual({ labourerId: 'importer' });
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
    expect(() => parseLabourerJson('w', json)).toThrow(InfraPropsError);
    expect(() => parseLabourerJson('w', json)).toThrow(message);
  });
});

describe('workerDeclarations', () => {
  it('finds every folder with a labourer.json and/or a src/app.ts, sorted, examples left out by default', async () => {
    expect(await workerDeclarations(WORKERS)).toEqual([
      {
        workerName: 'importer',
        labourer: { labourerId: 'importer', maxSimultaneousInvocations: 2 },
        triggers: [],
      },
      {
        workerName: 'order-indexer',
        labourer: undefined,
        // Validated, defaults filled (maxReceiveCount).
        triggers: [{ kind: 'queue', name: 'orders', batchSize: 5, maxConcurrency: 3, maxReceiveCount: 5 }],
      },
      {
        workerName: 'stats-puller',
        labourer: { labourerId: 'stats_puller', maxSimultaneousInvocations: 4, cooldown: 120 },
        triggers: [
          { kind: 'schedule', name: 'daily-accounts', expression: 'cron(0 6 * * ? *)', enabled: true },
        ],
      },
    ]);
  });

  it('takes the examples in when asked', async () => {
    const names = (await workerDeclarations(WORKERS, { includeExamples: true })).map((w) => w.workerName);
    expect(names).toEqual(['example-demo', 'importer', 'order-indexer', 'stats-puller']);
  });

  it('is empty without a workers folder', async () => {
    expect(await workerDeclarations(`${WORKERS}/missing`)).toEqual([]);
  });

  it('names the file of an app.ts that exports no app, or an invalid trigger', async () => {
    await expect(workerDeclarations(badWorkers('no-app'))).rejects.toThrow(
      new InfraPropsError(
        'workers/broken/src/app.ts: must export `app` (built by defineApp from @sosw/worker) whose `triggers` the infra wires; it exports handler',
      ),
    );
    await expect(loadAppTriggers('broken', `${badWorkers('bad-trigger')}/broken/src/app.ts`)).rejects.toThrow(
      /^workers\/broken\/src\/app\.ts: triggers\[0\] \(orders\)\.batchSize: /,
    );
  });
});

describe('addWorkerStacks', () => {
  const appWith = async (context: Record<string, string>, workersDir?: string) => {
    const app = new App({ context });
    const code = () => bundleCode(WORKER_FIXTURE);
    return {
      app,
      stacks: await addWorkerStacks(app, soswSettings(app), { code, ...(workersDir ? { workersDir } : {}) }),
    };
  };

  it('gives a labourer its Labourer, a triggers-only worker a plain function with its wiring, and both to both', async () => {
    const { stacks } = await appWith({ stage: 'qa' }, WORKERS);
    expect(stacks.map((stack) => stack.stackName)).toEqual([
      'SoswWorker-importer-qa',
      'SoswWorker-order-indexer-qa',
      'SoswWorker-stats-puller-qa',
    ]);
    const [importer, indexer, puller] = stacks.map((stack) => Template.fromStack(stack));
    importer!.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'qa_importer' });
    importer!.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);

    expect(stacks[1]!.labourer).toBeUndefined();
    indexer!.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'qa_order_indexer' });
    indexer!.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'qa-order-indexer-orders' });
    indexer!.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 3 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });

    puller!.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'qa_stats_puller' });
    puller!.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumEventAgeInSeconds: 120 });
    puller!.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      Target: { Input: '{"sosw_schedule":"daily-accounts","payload":{}}' },
    });
  });

  it('names the worker folder when its triggers cannot be wired', async () => {
    await expect(appWith({}, badWorkers('stream-without-arn'))).rejects.toThrow(
      /^workers\/broken: triggers\[0\] \(orders\)\.streamArn: the infra needs the stream ARN of table "orders"/,
    );
  });

  it('adds no stack for the shipped examples unless -c examples=true', async () => {
    expect((await appWith({})).stacks).toEqual([]);
  });

  it('gives each shipped example its stack, from its labourer.json and src/app.ts', async () => {
    const { stacks } = await appWith({ examples: 'true' });
    expect(stacks.map((stack) => stack.stackName)).toEqual([
      'SoswWorker-example-echo-dev',
      'SoswWorker-example-queue-worker-dev',
      'SoswWorker-example-stats-puller-dev',
    ]);
    const [echo, queueWorker, statsPuller] = stacks.map((stack) => Template.fromStack(stack));
    echo!.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'dev_example_echo' });
    echo!.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    // SQS-fed, no labourer.json: a plain function and its queue.
    expect(stacks[1]!.labourer).toBeUndefined();
    queueWorker!.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'dev-example-queue-worker-orders' });
    queueWorker!.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // A labourer with a schedule.
    expect(stacks[2]!.labourer).toBeDefined();
    statsPuller!.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: { Input: Match.stringLikeRegexp('^\\{"sosw_schedule":"daily-accounts"') },
    });
  });
});
