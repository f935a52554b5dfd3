import { spawnSync } from 'node:child_process';
import { workerDeployArgs } from '../src/deploy-args.js';

// `pnpm deploy:worker importer -c stage=prod`: build the bundles, then `cdk deploy SoswWorker-importer ...`.
function run(command: string, args: string[]): void {
  const { status, error } = spawnSync(command, args, { stdio: 'inherit' });
  if (error !== undefined) throw error;
  if (status !== 0) process.exit(status ?? 1);
}

let cdkArgs: string[];
try {
  cdkArgs = workerDeployArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
run('pnpm', ['run', 'bundles']);
run('cdk', cdkArgs);
