/**
 * One sosw service in a process of its own, so a chaos scenario can kill it with SIGKILL at any line:
 *
 *   node --conditions=@sosw/source --import tsx chaos/src/services/service-process.ts <service>
 *
 * - `orchestrator`, `scavenger`: the real Lambda handler, run again and again, `CHAOS_TICK_MS` apart, as
 *   the every-minute schedule rule would (only faster). A run that throws is reported and the next one
 *   goes on, as the next scheduled invocation would.
 * - `scheduler`: the scheduler with the job in the JSON file `CHAOS_JOB_FILE`, once; exits 0 when the job
 *   is written.
 * - `worker-assistant`: the real handler served as the Lambda function `sosw_worker_assistant` by a local
 *   Lambda endpoint on `CHAOS_PORT`, where the workers send their reports.
 *
 * It speaks to its parent in lines on stdout: `ready` once it is loaded and about to work, `run <n>` after
 * each run, `done` when a job is scheduled. Everything else (the handlers' logs) goes to stderr. It exits
 * when its parent is gone, so a killed test run leaves none behind.
 */
import { loadConfig } from '@sosw/core';
import { Scheduler, schedulerConfigSchema, schedulerFunctionName } from '@sosw/scheduler';
import { fakeLambdaContext, startLocalLambda } from '@sosw/testing';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NAMES, type ServiceName } from './service-names.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (what: string, error: unknown) =>
  process.stderr.write(
    `[chaos ${service}] ${what}: ${error instanceof Error ? error.stack : String(error)}\n`,
  );

const service = process.argv[2] as ServiceName;
if (!SERVICE_NAMES.includes(service)) {
  process.stderr.write(`usage: service-process.ts <${SERVICE_NAMES.join(' | ')}>, got "${service}"\n`);
  process.exit(2);
}

// Orphaned (the parent died, however): stop too. The parent's pid is checked, as a reparented child sees
// another one.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 250).unref();

const tickMs = Number(process.env.CHAOS_TICK_MS ?? 500);

type Handler = (event: unknown, context: ReturnType<typeof fakeLambdaContext>) => Promise<unknown>;

async function loop(functionName: string, handler: Handler): Promise<never> {
  say('ready');
  for (let run = 1; ; run++) {
    try {
      await handler({}, fakeLambdaContext({ functionName }));
    } catch (error) {
      complain(`run ${run} failed`, error);
    }
    say(`run ${run}`);
    await sleep(tickMs);
  }
}

switch (service) {
  case 'orchestrator': {
    const { handler } = await import('@sosw/orchestrator/handler');
    await loop('sosw_orchestrator', handler);
    break;
  }
  case 'scavenger': {
    const { handler } = await import('@sosw/scavenger/handler');
    await loop('sosw_scavenger', handler);
    break;
  }
  case 'scheduler': {
    // What the scheduler's handler does (its package exports no `./handler`): config from the table, one run.
    const functionName = schedulerFunctionName();
    const config = await loadConfig({ functionName, schema: schedulerConfigSchema });
    const scheduler = new Scheduler({ config });
    say('ready');
    // A file, not a variable: a job of 50,000 stores is over Linux's 128 kB limit for one variable.
    const job: unknown = JSON.parse(await readFile(process.env.CHAOS_JOB_FILE ?? '', 'utf8'));
    await scheduler.run(job, fakeLambdaContext({ functionName }));
    say('done');
    process.exit(0);
    break;
  }
  case 'worker-assistant': {
    const { handler } = await import('@sosw/worker-assistant/handler');
    await startLocalLambda({
      port: Number(process.env.CHAOS_PORT),
      // Reports are asynchronous invokes: beyond this many at once they wait in the queue (not throttled).
      // Unbounded, a burst of thousands of reports thrashes one process and its 50 DynamoDB sockets.
      functions: {
        sosw_worker_assistant: {
          handler,
          timeoutSeconds: 30,
          concurrency: Number(process.env.CHAOS_ASSISTANT_CONCURRENCY ?? 64),
        },
      },
      log: () => undefined,
    });
    say('ready');
    break;
  }
}
