import { InfraPropsError } from './errors.js';
import { workerStackId } from './naming.js';

/**
 * The `cdk` arguments of `pnpm deploy:worker <name> [cdk options]`: deploy that worker's stack, passing
 * the rest on (`-c stage=prod`, `--require-approval never`, ...).
 *
 * @throws InfraPropsError when no worker name comes first
 *
 * @example
 * workerDeployArgs(['importer', '-c', 'stage=prod']); // ['deploy', 'SoswWorker-importer', '-c', 'stage=prod']
 */
export function workerDeployArgs(argv: readonly string[]): string[] {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const [name, ...rest] = args;
  if (name === undefined || name.startsWith('-')) {
    throw new InfraPropsError(
      'usage: pnpm deploy:worker <worker name> [cdk deploy options], e.g. pnpm deploy:worker importer -c stage=prod',
    );
  }
  return ['deploy', workerStackId(name), ...rest];
}
