import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTaskConfig } from '@sosw/task-manager';
import * as prettier from 'prettier';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createWorker,
  InvalidWorkerNameError,
  TemplateError,
  WORKER_KINDS,
  WorkerExistsError,
  type WorkerKind,
} from '../src/index.js';
import { fixtureWorkspace } from './helpers/fixture-workspace.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let workspace: Awaited<ReturnType<typeof fixtureWorkspace>>;
beforeEach(async () => {
  workspace = await fixtureWorkspace();
});
afterEach(() => workspace.remove());

const read = (root: string, path: string) => readFile(join(root, 'workers', 'demo-thing', path), 'utf8');

describe('createWorker', () => {
  it('creates workers/<name> with the package files, a handler, a test, a README and labourer.json', async () => {
    const worker = await createWorker({ root: workspace.root, name: 'demo-thing' });

    expect(worker).toMatchObject({
      name: 'demo-thing',
      packageName: '@sosw/demo-thing',
      labourerId: 'demo_thing',
      dir: join(workspace.root, 'workers', 'demo-thing'),
    });
    expect(worker.files).toEqual([
      'README.md',
      'labourer.json',
      'package.json',
      'src/handler.ts',
      'src/index.ts',
      'src/labourer.ts',
      'src/payload.ts',
      'src/worker.ts',
      'tests/worker.test.ts',
      'tsconfig.json',
      'tsup.config.ts',
      'vitest.config.ts',
    ]);
    expect(await workspace.workers()).toEqual(['demo-thing', 'existing']); // no staging folder left
  });

  it('fills every placeholder: package.json and labourer.json are valid and name the worker', async () => {
    const worker = await createWorker({ root: workspace.root, name: 'demo-thing' });

    const pkg = JSON.parse(await read(workspace.root, 'package.json')) as Record<string, unknown>;
    expect(pkg).toMatchObject({
      name: '@sosw/demo-thing',
      type: 'module',
      scripts: { build: 'tsup', typecheck: 'tsc', lint: 'eslint .', test: 'vitest run' },
      dependencies: { '@sosw/worker': 'workspace:*' },
    });
    const labourers: unknown = JSON.parse(await read(workspace.root, 'labourer.json'));
    expect(parseTaskConfig({ labourers }).labourers).toMatchObject({
      demo_thing: { arn: 'demo_thing', max_simultaneous_invocations: 10, max_attempts: 3 },
    });
    expect(await read(workspace.root, 'src/labourer.ts')).toContain(
      "export const LABOURER_ID = 'demo_thing';",
    );
    expect(await read(workspace.root, 'src/handler.ts')).toContain(
      'export const handler = demoThingWorker();',
    );
    expect(await read(workspace.root, 'tests/worker.test.ts')).toContain("from '../src/index.js'");
    for (const file of worker.files) expect(await read(workspace.root, file)).not.toMatch(/\{\{|\}\}/);
  });

  it.each(
    WORKER_KINDS.flatMap((kind) => [
      [kind, 'a-rather-long-worker-name-for-prettier'],
      [kind, 'abc'],
    ]),
  )('writes %s files prettier leaves as they are, whatever the name length (%s)', async (kind, name) => {
    const worker = await createWorker({ root: workspace.root, name, kind });
    const options = await prettier.resolveConfig(join(repoRoot, 'package.json'));

    for (const file of worker.files) {
      const text = await readFile(join(worker.dir, file), 'utf8');
      const formatted = await prettier.check(text, { ...options, filepath: join(worker.dir, file) });
      expect(formatted, file).toBe(true);
    }
  });

  it('lists the worker in infra/package.json, sorted, so its bundle is built and its stack deployed', async () => {
    await mkdir(join(workspace.root, 'infra'));
    await writeFile(
      join(workspace.root, 'infra', 'package.json'),
      JSON.stringify({
        name: '@sosw/infra',
        devDependencies: { '@sosw/zeta': 'workspace:*', 'aws-cdk': '1' },
      }),
    );
    const worker = await createWorker({ root: workspace.root, name: 'demo-thing' });
    expect(worker.deployable).toBe(true);
    const infra = JSON.parse(await readFile(join(workspace.root, 'infra', 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(Object.entries(infra.devDependencies)).toEqual([
      ['@sosw/demo-thing', 'workspace:*'],
      ['@sosw/zeta', 'workspace:*'],
      ['aws-cdk', '1'],
    ]);
  });

  it('leaves a workspace without infra/ as it is: not deployable', async () => {
    const worker = await createWorker({ root: workspace.root, name: 'demo-thing' });
    expect(worker.deployable).toBe(false);
  });

  it('makes an orchestrated worker (a labourer) by default', async () => {
    const worker = await createWorker({ root: workspace.root, name: 'demo-thing' });
    expect(worker.kind).toBe('orchestrated');
    expect(worker.labourerId).toBe('demo_thing');
  });

  it('refuses a bad name and creates nothing', async () => {
    await expect(createWorker({ root: workspace.root, name: 'Demo' })).rejects.toBeInstanceOf(
      InvalidWorkerNameError,
    );
    expect(await workspace.workers()).toEqual(['existing']);
  });

  it('refuses a name whose folder exists, and leaves that folder alone', async () => {
    await expect(createWorker({ root: workspace.root, name: 'existing' })).rejects.toThrow(
      new WorkerExistsError(
        'workers/existing exists already: choose another name, or remove that folder first',
      ),
    );
    expect(await readdir(join(workspace.root, 'workers', 'existing'))).toEqual(['package.json']);
  });

  it('refuses a name whose package name another workspace package has', async () => {
    await expect(createWorker({ root: workspace.root, name: 'taken-name' })).rejects.toThrow(
      new WorkerExistsError(
        `the package name @sosw/taken-name is taken by ${join('packages', 'other')}: choose another worker name`,
      ),
    );
    expect(await workspace.workers()).toEqual(['existing']);
  });

  it('refuses a template with an unknown placeholder before writing anything', async () => {
    const templateDir = await mkdtemp(join(tmpdir(), 'template-'));
    await mkdir(join(templateDir, 'src'));
    await writeFile(join(templateDir, 'package.json.tmpl'), '{ "name": "@sosw/{{name}}" }');
    await writeFile(join(templateDir, 'src', 'a.ts.tmpl'), 'export const x = {{oops}};');

    await expect(createWorker({ root: workspace.root, name: 'demo-thing', templateDir })).rejects.toThrow(
      TemplateError,
    );
    expect(await workspace.workers()).toEqual(['existing']);
  });
});

/** What each trigger kind's `src/app.ts` registers, and the name it gives the trigger. */
const APP_KINDS: Record<Exclude<WorkerKind, 'orchestrated'>, { call: string; trigger: string }> = {
  queue: { call: ".onQueue(\n    'orders',", trigger: "kind: 'queue', name: 'orders'" },
  schedule: { call: ".onSchedule(\n    'nightly',", trigger: "kind: 'schedule',\n      name: 'nightly'" },
  topic: { call: ".onTopic('alerts',", trigger: "kind: 'topic', name: 'alerts'" },
  object: {
    call: '.onObject(\n    UPLOADS_BUCKET,',
    trigger: "kind: 'object',\n      bucket: UPLOADS_BUCKET",
  },
  stream: { call: '.onStream(\n    ITEMS_TABLE,', trigger: "kind: 'stream', table: ITEMS_TABLE" },
};

describe('createWorker --trigger', () => {
  it.each(Object.entries(APP_KINDS))(
    'makes a %s worker: src/app.ts with its trigger, a handler, a test of one event, no labourer.json',
    async (kind, { call, trigger }) => {
      const worker = await createWorker({
        root: workspace.root,
        name: 'demo-thing',
        kind: kind as WorkerKind,
      });

      expect(worker).toMatchObject({ name: 'demo-thing', packageName: '@sosw/demo-thing', kind });
      expect(worker.labourerId).toBeUndefined();
      expect(worker.files).toEqual([
        'README.md',
        'package.json',
        'src/app.ts',
        'src/handler.ts',
        'src/index.ts',
        'tests/app.test.ts',
        'tsconfig.json',
        'tsup.config.ts',
        'vitest.config.ts',
      ]);
      const app = await read(workspace.root, 'src/app.ts');
      expect(app).toMatch(/import \{\s+defineApp,/);
      expect(app).toContain(`return defineApp(options)${call}`);
      expect(app).toContain('export const app = createApp();');
      expect(await read(workspace.root, 'src/handler.ts')).toContain('export const handler = app.handler();');
      const test = await read(workspace.root, 'tests/app.test.ts');
      expect(test).toContain(trigger);
      expect(test).toMatch(/await (expect\()?handler\(/);
      const pkg = JSON.parse(await read(workspace.root, 'package.json')) as Record<string, unknown>;
      expect(pkg).toMatchObject({
        name: '@sosw/demo-thing',
        description: `The demo-thing worker of sosw, triggered by a ${kind}.`,
        dependencies: { '@sosw/worker': 'workspace:*', zod: 'catalog:' },
        devDependencies: { '@sosw/testing': 'workspace:*', '@types/aws-lambda': 'catalog:' },
      });
      expect(JSON.stringify(pkg)).not.toContain('labourer.json');
      for (const file of worker.files) expect(await read(workspace.root, file)).not.toMatch(/\{\{|\}\}/);
    },
  );

  it('puts the worker name into the names it makes: bucket, table and the ARNs its test sends', async () => {
    await createWorker({ root: workspace.root, name: 'demo-thing', kind: 'object' });
    expect(await read(workspace.root, 'src/app.ts')).toContain(
      "export const UPLOADS_BUCKET = 'demo-thing-uploads';",
    );
    const other = await fixtureWorkspace();
    try {
      await createWorker({ root: other.root, name: 'demo-thing', kind: 'queue' });
      expect(await read(other.root, 'tests/app.test.ts')).toContain(
        "const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:dev-demo-thing-orders';",
      );
    } finally {
      await other.remove();
    }
  });
});
