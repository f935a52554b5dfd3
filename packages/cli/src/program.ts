import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readConfig, writeConfig } from './config-command.js';
import { DEFAULT_DASHBOARD_PORT, startDashboard } from './dashboard/index.js';
import { CliError, EXIT, explain } from './errors.js';
import { formatProgress } from './progress.js';
import { readJsonObject } from './read-json.js';
import { retryDead } from './retry-dead.js';
import { schedule } from './schedule.js';
import { start } from './start.js';
import { status } from './status.js';
import { createTables, deleteTables } from './tables.js';
import { showTask } from './task.js';

const PREFIX_HELP = 'table prefix (default: SOSW_TABLE_PREFIX, else none)';
const defaultPrefix = (): string => process.env.SOSW_TABLE_PREFIX ?? '';
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError('expected a port from 0 to 65535 (0 takes a free one)');
  }
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError('expected a whole number of at least 2');
  return n;
}

/** Where the command line reads and writes. */
export interface CliIo {
  write: (text: string) => void;
  writeError: (text: string) => void;
  /** Read by `-` (or a missing file) in `config set` and `schedule`. Default stdin. */
  stdin?: AsyncIterable<unknown>;
}

/** Builds the `sosw` program; `write` and `writeError` take its output. */
export function buildProgram(io: CliIo): {
  program: Command;
  exitCode: () => number;
} {
  let code: number = EXIT.ok;
  const program = new Command('sosw')
    .description(
      'Orchestrates asynchronous AWS Lambda workers through DynamoDB.\n' +
        "Works against real AWS (the SDK's usual credentials and region), or local endpoints through AWS_ENDPOINT_URL_*.",
    )
    .exitOverride()
    .configureOutput({ writeOut: io.write, writeErr: io.writeError });

  program
    .command('start')
    .description('run the whole system on this machine with a demo job, and show its progress')
    .option('--tick <seconds>', 'seconds between orchestrator and scavenger runs', positive, 2)
    .option('--tasks <n>', 'tasks in the demo job', count, 300)
    .option('--prefix <prefix>', 'table prefix', 'local_')
    .option('--watch', 'keep running after the demo job is done (Ctrl-C stops)', false)
    .option('--verbose', "show the handlers' JSON logs", false)
    .option(
      '--dashboard-port <port>',
      'port of the dashboard (default 8080, or a free one when taken)',
      portNumber,
    )
    .action(
      async (opts: {
        tick: number;
        tasks: number;
        prefix: string;
        watch: boolean;
        verbose: boolean;
        dashboardPort?: number;
      }) => {
        const controller = new AbortController();
        // `on`, not `once`: a dependency (signal-exit) re-raises the signal when it finds itself the only
        // listener, which a `once` listener no longer is while it runs. A second Ctrl-C exits at once; the
        // harness's guard still stops java when this process is gone.
        const stop = () => {
          if (controller.signal.aborted) process.exit(130);
          io.writeError('stopping the local Lambda endpoint and DynamoDB Local (Ctrl-C again to quit now)\n');
          controller.abort();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        try {
          const result = await start({
            tickSeconds: opts.tick,
            demoTasks: opts.tasks,
            prefix: opts.prefix,
            watch: opts.watch,
            verbose: opts.verbose,
            ...(opts.dashboardPort === undefined ? {} : { dashboardPort: opts.dashboardPort }),
            signal: controller.signal,
            // In a terminal, keys change the demo's downstream health (and Ctrl-C arrives as a key).
            ...(process.stdin.isTTY ? { keys: process.stdin } : {}),
            print: (text) => {
              io.write(`${text}\n`);
            },
          });
          code = result.exitCode;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      },
    );

  const tables = program.command('tables').description('create or delete the sosw tables under a prefix');
  for (const [action, run] of [
    ['create', createTables],
    ['delete', deleteTables],
  ] as const) {
    tables
      .command(action)
      .description(`${action} every sosw table (tasks, closed, retry, meta, config); safe to run again`)
      .option('--prefix <prefix>', PREFIX_HELP, defaultPrefix())
      .action(async (opts: { prefix: string }) => {
        const outcome = await run(opts.prefix);
        for (const name of outcome.done.sort())
          io.write(`${action === 'create' ? 'created' : 'deleted'} ${name}\n`);
        for (const name of outcome.unchanged.sort()) {
          io.write(`${name}: ${action === 'create' ? 'exists already' : 'not there'}\n`);
        }
      });
  }

  const config = program.command('config').description('read or write a row of the config table');
  config
    .command('get <name>')
    .description('print a config row as JSON ({} when there is none), e.g. sosw_essential_config')
    .option('--prefix <prefix>', PREFIX_HELP, defaultPrefix())
    .option('--env <env>', "the rows' env (default: SOSW_ENV, else production)")
    .action(async (name: string, opts: { prefix: string; env?: string }) => {
      io.write(json(await readConfig(name, opts.prefix, opts.env)));
    });
  config
    .command('set <name> [file]')
    .description('replace a config row with the JSON object in file (or stdin: - or no file)')
    .option('--prefix <prefix>', PREFIX_HELP, defaultPrefix())
    .option('--env <env>', "the rows' env (default: SOSW_ENV, else production)")
    .action(async (name: string, file: string | undefined, opts: { prefix: string; env?: string }) => {
      await writeConfig(name, await readJsonObject(file, io.stdin), opts.prefix, opts.env);
      io.write(`saved ${name}\n`);
    });

  program
    .command('status')
    .description(
      'per labourer: queued, running, expired, awaiting archive, retrying, closed ok and dead in the last 24 h',
    )
    .option('--prefix <prefix>', PREFIX_HELP, defaultPrefix())
    .option('--env <env>', "the config rows' env (default: SOSW_ENV, else production)")
    .option('--json', 'print JSON', false)
    .action(async (opts: { prefix: string; env?: string; json: boolean }) => {
      const rows = await status(opts.prefix, opts.env);
      io.write(opts.json ? json(rows) : `${formatProgress(rows)}\n`);
    });

  program
    .command('schedule <labourer> [job]')
    .description('send a job (a JSON file, or stdin: - or no file) for a labourer to the scheduler Lambda')
    .option('--function <name>', 'the scheduler function', 'sosw_scheduler')
    .action(async (labourer: string, file: string | undefined, opts: { function: string }) => {
      const result = await schedule(labourer, await readJsonObject(file, io.stdin), {
        functionName: opts.function,
      });
      io.write(`job ${result.job_id}: ${String(result.tasks_created)} tasks created\n`);
    });

  program
    .command('task <id>')
    .description('a task: its row, its closed and retry rows, and its meta timeline')
    .option('--prefix <prefix>', PREFIX_HELP, defaultPrefix())
    .option('--labourer <id>', 'the labourer, to find a retry row of a task without meta rows')
    .action(async (id: string, opts: { prefix: string; labourer?: string }) => {
      io.write(json(await showTask(id, opts.prefix, opts.labourer)));
    });

  program
    .command('retry-dead <labourer>')
    .description(
      'send the tasks of a labourer buried since --since back to retry; the next scavenger run queues them',
    )
    .option('--since <hours>', 'hours back to look for buried tasks', positive, 24)
    .option('--prefix <prefix>', PREFIX_HELP, defaultPrefix())
    .action(async (labourer: string, opts: { since: number; prefix: string }) => {
      const since = Math.floor(Date.now() / 1000 - opts.since * 3600);
      const { requeued, skipped } = await retryDead(labourer, opts.prefix, since);
      io.write(
        `${String(requeued.length)} dead tasks of ${labourer} sent to retry${skipped.length > 0 ? `, ${String(skipped.length)} skipped (changed meanwhile)` : ''}\n`,
      );
    });

  program
    .command('dashboard')
    .description(
      'serve a web page: live figures per labourer, throughput charts, task timelines, redrive of buried tasks',
    )
    .option('--port <port>', 'port to listen on (0 takes a free one)', portNumber, DEFAULT_DASHBOARD_PORT)
    .option('--host <host>', 'interface to listen on (0.0.0.0 opens it to the network)', '127.0.0.1')
    .option('--prefix <prefix>', PREFIX_HELP, defaultPrefix())
    .option('--env <env>', "the config rows' env (default: SOSW_ENV, else production)")
    .option(
      '--token <token>',
      'access token the page and scripts must bring, 16-256 URL-safe characters (default: SOSW_DASHBOARD_TOKEN, else a random one)',
    )
    .option('--allow-redrive', 'redrive buried tasks even when --host is not loopback (off there by default)')
    .action(
      async (opts: {
        port: number;
        host: string;
        prefix: string;
        env?: string;
        token?: string;
        allowRedrive?: boolean;
      }) => {
        const dashboard = await startDashboard(opts);
        io.write(`sosw dashboard of prefix "${opts.prefix}" at ${dashboard.loginUrl} (Ctrl-C stops)\n`);
        if (!dashboard.loopbackOnly) {
          // Beyond this machine the token travels in plain HTTP: say so, and what redrive does there.
          io.write(
            `sosw dashboard: --host ${opts.host} opens it to the network over plain HTTP (the token is readable on the way); ` +
              (dashboard.redrive
                ? 'redrive is on (--allow-redrive)\n'
                : 'redrive is off (--allow-redrive turns it on)\n'),
          );
        }
        // Serve until Ctrl-C or SIGTERM, then close the server and leave with 0.
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        await dashboard.close();
        io.write('sosw dashboard stopped\n');
      },
    );

  return { program, exitCode: () => code };
}

/**
 * Runs the `sosw` command line and gives its exit code: 0 ok, 1 failure, 2 usage.
 *
 * @example
 * ```ts
 * process.exitCode = await run(['tables', 'create', '--prefix', 'dev_']);
 * ```
 */
/**
 * `pnpm start -- --tasks 40` hands the script `start -- --tasks 40`: the `--` meant "options for the
 * script", not "no more options", so one standing right after the subcommand is dropped.
 *
 * @example
 * withoutScriptSeparator(['start', '--', '--tasks', '40']); // ['start', '--tasks', '40']
 */
export function withoutScriptSeparator(argv: readonly string[]): string[] {
  return argv[1] === '--' ? [argv[0] ?? '', ...argv.slice(2)] : [...argv];
}

export async function run(
  argv: readonly string[],
  io: CliIo = {
    write: (text: string) => process.stdout.write(text),
    writeError: (text: string) => process.stderr.write(text),
  },
): Promise<number> {
  const { program, exitCode } = buildProgram(io);
  try {
    await program.parseAsync(withoutScriptSeparator(argv), { from: 'user' });
    return exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.writeError(`sosw: ${error.message}\n`);
      return error.exitCode;
    }
    const hint = explain(error);
    io.writeError(`sosw: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    if (hint !== undefined) io.writeError(`sosw: ${hint}\n`);
    return EXIT.failure;
  }
}
