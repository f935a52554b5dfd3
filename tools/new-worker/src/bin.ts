import { spawnSync } from 'node:child_process';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './command-line.js';
import { createWorker } from './create.js';
import { NewWorkerError } from './errors.js';
import { findWorkspaceRoot } from './workspace.js';

/**
 * `pnpm new-worker <name> [--trigger <kind>] [--no-install] [--root <dir>]`: creates `workers/<name>`, runs `pnpm install`,
 * prints the next steps. Exit code 2, with nothing created, for a bad or taken name or a bad command line;
 * 1 when `pnpm install` fails (the worker is there then: run it again by hand).
 */
async function main(args: readonly string[]): Promise<number> {
  const commandLine = parseCommandLine(args);
  const root = commandLine.root ?? findWorkspaceRoot(dirname(fileURLToPath(import.meta.url)));
  const worker = await createWorker({ root, name: commandLine.name, kind: commandLine.kind });
  const where = relative(root, worker.dir);
  const what = worker.labourerId === undefined ? `fed by a ${worker.kind}` : `labourer ${worker.labourerId}`;
  console.log(`created ${where} (${worker.packageName}, ${what}): ${worker.files.join(', ')}`);
  if (commandLine.install) {
    const install = spawnSync('pnpm', ['install'], { cwd: root, stdio: 'inherit' });
    if (install.status !== 0) {
      console.error(
        `pnpm install failed (exit ${String(install.status)}); ${where} is in place: run pnpm install again`,
      );
      return 1;
    }
  }
  console.log(
    [
      'next steps:',
      `  pnpm exec turbo run typecheck lint test build --filter ${worker.packageName}`,
      ...(worker.labourerId === undefined
        ? [
            `  write the work in ${where}/src/app.ts, and name its ${worker.kind} there`,
            worker.deployable
              ? `  deploy: pnpm deploy:worker ${worker.name} (its stack SoswWorker-${worker.name} wires the ${worker.kind} app.ts declares)`
              : '  deploy: no infra/ in this workspace',
          ]
        : [
            `  write the work in ${where}/src/worker.ts and its payload in ${where}/src/payload.ts`,
            `  register the labourer: ${where}/labourer.json is its task_config.labourers entry`,
            worker.deployable
              ? `  deploy: pnpm deploy:worker ${worker.name} (its stack SoswWorker-${worker.name} comes from labourer.json)`
              : '  deploy: no infra/ in this workspace',
          ]),
    ].join('\n'),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof NewWorkerError) {
      console.error(`new-worker: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
