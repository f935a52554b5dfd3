import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InfraPropsError, workerDeployArgs } from '../src/index.js';

const INFRA_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('bin/app.ts, run the way cdk.json runs it', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'sosw-infra-'));
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('synthesizes every stack of the stage in the context, with no AWS credentials', () => {
    const { app } = JSON.parse(readFileSync(join(INFRA_DIR, 'cdk.json'), 'utf8')) as { app: string };
    const [command, ...args] = app.split(' ');
    // No AWS credentials: synth must not need them.
    const credentials = new Set([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
    ]);
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !credentials.has(key))),
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ stage: 'qa' }),
    };
    execFileSync(command!, args, { cwd: INFRA_DIR, env, stdio: 'pipe' });

    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; displayName?: string; properties?: { stackName?: string } }>;
    };
    const stacks = Object.values(manifest.artifacts)
      .filter((artifact) => artifact.type === 'aws:cloudformation:stack')
      .map((artifact) => `${artifact.displayName ?? '?'} ${artifact.properties?.stackName ?? '?'}`);
    expect(stacks.sort()).toEqual([
      'SoswOrchestrator SoswOrchestrator-qa',
      'SoswScavenger SoswScavenger-qa',
      'SoswScheduler SoswScheduler-qa',
      'SoswTables SoswTables-qa',
      'SoswWorkerAssistant SoswWorkerAssistant-qa',
    ]);
  });
});

describe('worker discovery, run the way cdk.json runs the app (node with tsx, no vitest)', () => {
  it("imports each worker's src/app.ts and reads its triggers", () => {
    const script =
      "const { workerDeclarations } = await import('./src/worker-declarations.ts');" +
      "console.log(JSON.stringify(await workerDeclarations('tests/fixtures/workers')));";
    const output = execFileSync(
      process.execPath,
      ['--conditions=@sosw/source', '--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: INFRA_DIR, encoding: 'utf8' },
    );
    const workers = JSON.parse(output) as {
      workerName: string;
      triggers: { kind: string; name: string }[];
    }[];
    expect(
      workers.map(({ workerName, triggers }) => [
        workerName,
        triggers.map(({ kind, name }) => `${kind} ${name}`),
      ]),
    ).toEqual([
      ['importer', []],
      ['order-indexer', ['queue orders']],
      ['stats-puller', ['schedule daily-accounts']],
    ]);
  });
});

describe('pnpm deploy:worker', () => {
  it('deploys the named worker stack and passes the rest to cdk', () => {
    expect(workerDeployArgs(['importer', '-c', 'stage=prod'])).toEqual([
      'deploy',
      'SoswWorker-importer',
      '-c',
      'stage=prod',
    ]);
    expect(workerDeployArgs(['--', 'importer'])).toEqual(['deploy', 'SoswWorker-importer']);
  });

  it('asks for a worker name first', () => {
    expect(() => workerDeployArgs([])).toThrow(InfraPropsError);
    expect(() => workerDeployArgs(['-c', 'stage=prod'])).toThrow(/usage: pnpm deploy:worker <worker name>/);
  });
});
