import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureWorkspace } from './helpers/fixture-workspace.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the command as `pnpm new-worker` does: node with tsx, in the generator's folder. */
function newWorker(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--conditions=@sosw/source', '--import', 'tsx', 'src/bin.ts', ...args],
    {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let workspace: Awaited<ReturnType<typeof fixtureWorkspace>>;
beforeEach(async () => {
  workspace = await fixtureWorkspace();
});
afterEach(() => workspace.remove());

describe('the new-worker command', () => {
  it('creates the worker under --root, skips the install with --no-install, prints the next steps', () => {
    const run = newWorker('demo-thing', '--no-install', '--root', workspace.root);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(join(workspace.root, 'workers', 'demo-thing', 'src', 'handler.ts'))).toBe(true);
    expect(run.stdout).toContain('created workers/demo-thing (@sosw/demo-thing, labourer demo_thing)');
    expect(run.stdout).toContain('pnpm exec turbo run typecheck lint test build --filter @sosw/demo-thing');
    expect(run.stdout).toContain('deploy: no infra/ in this workspace');
    expect(run.stdout).not.toContain('pnpm install failed');
  });

  it('makes a worker fed by a trigger with --trigger, and says what to do next', () => {
    const run = newWorker('order-indexer', '--trigger', 'queue', '--no-install', '--root', workspace.root);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(join(workspace.root, 'workers', 'order-indexer', 'src', 'app.ts'))).toBe(true);
    expect(existsSync(join(workspace.root, 'workers', 'order-indexer', 'labourer.json'))).toBe(false);
    expect(run.stdout).toContain('created workers/order-indexer (@sosw/order-indexer, fed by a queue)');
    expect(run.stdout).toContain(
      'write the work in workers/order-indexer/src/app.ts, and name its queue there',
    );
  });

  it.each([
    [['Bad_Name'], 'worker name "Bad_Name" is not allowed'],
    [
      ['demo-thing', '--trigger', 'sqs'],
      '--trigger "sqs" is not a kind of worker: queue, schedule, topic, object, stream or orchestrated',
    ],
    [['existing'], 'workers/existing exists already'],
    [['taken-name'], 'the package name @sosw/taken-name is taken'],
    [[], 'a worker name is required'],
    [['one-name', 'two-names'], 'one worker name at a time'],
    [['demo-thing', '--force'], "Unknown option '--force'"],
  ])('exits with code 2, says why and creates nothing: %j', async (args, message) => {
    const run = newWorker(...args, '--no-install', '--root', workspace.root);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`new-worker: ${message}`);
    expect(run.stdout).toBe('');
    expect(await workspace.workers()).toEqual(['existing']);
  });
});
