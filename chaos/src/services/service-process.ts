/**
 * One sosw service in a process of its own, so a chaos scenario can kill it with SIGKILL at any line:
 *
 *   node --conditions=@sosw/source --import tsx chaos/src/services/service-process.ts <service>
 *
 * - `orchestrator`, `scavenger`: the real Lambda handler, run again and again, `CHAOS_TICK_MS` apart, as
 *   the every-minute schedule rule would (only faster). A run that throws is reported and the next one
 *   goes on, as the next scheduled invocation would. Each orchestrator run has a Lambda deadline,
 *   `CHAOS_ORCHESTRATOR_TIMEOUT_MS` away (10 s by default): with continuous dispatch a run dispatches
 *   until shortly before it, so runs end, hand their leases over, and are killed mid-dispatch. Besides,
 *   with seeded shares, a turn delivers its schedule event twice at once (`CHAOS_DUPLICATE_SHARE`, as
 *   EventBridge may) and sends a dispatch request during the run (`CHAOS_DISPATCH_SHARE`); and when
 *   `CHAOS_ORCHESTRATOR_PORT` is set, the child also serves the orchestrator as the Lambda function
 *   `sosw_orchestrator` on that port, where the scheduler and the scavenger send their dispatch requests.
 * - `scheduler`: the scheduler with the job in the JSON file `CHAOS_JOB_FILE`, once; exits 0 when the job
 *   is written.
 * - `worker-assistant`: the real handler served as the Lambda function `sosw_worker_assistant` by a local
 *   Lambda endpoint on `CHAOS_PORT`, where the workers send their reports.
 *
 * It speaks to its parent in lines on stdout: `ready` once it is loaded and about to work, `run <n>` after
 * each run, `done` when a job is scheduled, `event <kind>` for each orchestrator invocation beyond the
 * loop's one (`duplicate`, `request`, `served`). Everything else (the handlers' logs) goes to stderr. It exits
 * when its parent is gone, so a killed test run leaves none behind.
 */
import { loadConfig } from '@sosw/core';
import { Scheduler, schedulerConfigSchema, schedulerFunctionName } from '@sosw/scheduler';
import { DISPATCH_ACTION } from '@sosw/task-manager';
import { fakeLambdaContext, seededRandom, startLocalLambda } from '@sosw/testing';
import { randomUUID } from 'node:crypto';
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

/**
 * An orchestrator run's Lambda timeout. Not the 15 minutes of AWS: long enough for a run to hold its
 * leases through many refills (`refill_interval_ms`, 500), short enough that runs end and hand over
 * within a scenario.
 */
const orchestratorTimeoutMs = Number(process.env.CHAOS_ORCHESTRATOR_TIMEOUT_MS ?? 10_000);

type Handler = (event: unknown, context: ReturnType<typeof fakeLambdaContext>) => Promise<unknown>;

/**
 * A Lambda context whose time runs out `timeoutMs` from now, as the runtime's does. The request id
 * starts with this process's pid, so a lease's `owner` in `sosw_dispatch` tells which child holds it.
 */
function lambdaContext(functionName: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  return fakeLambdaContext({
    functionName,
    awsRequestId: `${process.pid}-${randomUUID()}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  });
}

/** One invocation of the handler; a failure is reported, as Lambda would log it, and never thrown. */
async function invoke(handler: Handler, functionName: string, event: unknown, what: string): Promise<void> {
  try {
    await handler(event, lambdaContext(functionName, timeoutMsOf(functionName)));
  } catch (error) {
    complain(`${what} failed`, error);
  }
}

function timeoutMsOf(functionName: string): number {
  // The scavenger keeps the long time it always had here: its runs are short and end on their own.
  return functionName === 'sosw_orchestrator' ? orchestratorTimeoutMs : 60_000;
}

async function loop(functionName: string, handler: Handler): Promise<never> {
  say('ready');
  for (let run = 1; ; run++) {
    await invoke(handler, functionName, scheduledEvent(), `run ${run}`);
    say(`run ${run}`);
    await sleep(tickMs);
  }
}

/** What EventBridge delivers on the every-minute rule (the orchestrator reads nothing of it). */
function scheduledEvent(): object {
  return {
    id: randomUUID(),
    source: 'aws.events',
    'detail-type': 'Scheduled Event',
    time: new Date().toISOString(),
    detail: {},
  };
}

/**
 * The orchestrator's loop: a scheduled run each turn, and, drawn from `CHAOS_SERVICE_SEED` and this
 * life's number (a seed replays the same draws, though not the same timing), sometimes the same event
 * delivered twice at once, and sometimes a dispatch request sent at a random moment of the run, as the
 * scheduler and the scavenger send them. All of them must share the one budget.
 */
async function orchestratorLoop(handler: Handler): Promise<never> {
  const functionName = 'sosw_orchestrator';
  const random = seededRandom(
    (Number(process.env.CHAOS_SERVICE_SEED ?? 0) ^
      Math.imul(Number(process.env.CHAOS_LIFE ?? 1), 0x9e3779b1)) >>>
      0,
  );
  const duplicateShare = Number(process.env.CHAOS_DUPLICATE_SHARE ?? 0);
  const requestShare = Number(process.env.CHAOS_DISPATCH_SHARE ?? 0);
  say('ready');
  for (let run = 1; ; run++) {
    const event = scheduledEvent();
    const invocations = [invoke(handler, functionName, event, `run ${run}`)];
    if (random() < duplicateShare) {
      say('event duplicate');
      invocations.push(invoke(handler, functionName, event, `run ${run} (its duplicate)`));
    }
    if (random() < requestShare) {
      const afterMs = Math.floor(random() * orchestratorTimeoutMs * 0.8);
      invocations.push(
        sleep(afterMs).then(() => {
          say('event request');
          return invoke(handler, functionName, dispatchRequest('chaos_loop'), `run ${run} (a request)`);
        }),
      );
    }
    await Promise.all(invocations);
    say(`run ${run}`);
    await sleep(tickMs);
  }
}

/** A dispatch request as task-manager's `requestDispatch` sends it, for every continuous labourer. */
function dispatchRequest(reason: string): object {
  return { action: DISPATCH_ACTION, reason };
}

/**
 * Serves the orchestrator as `sosw_orchestrator` on a local Lambda endpoint, for the dispatch requests
 * the scheduler and the scavenger send (asynchronous invokes; a few run at once, the rest wait in the
 * endpoint's queue, as Lambda's async queue holds them).
 */
async function serveOrchestrator(handler: Handler, port: number): Promise<void> {
  await startLocalLambda({
    port,
    functions: {
      sosw_orchestrator: {
        handler: async (event: unknown) => {
          say('event served');
          await invoke(handler, 'sosw_orchestrator', event, 'a served request');
        },
        timeoutSeconds: Math.ceil(orchestratorTimeoutMs / 1000),
        concurrency: 4,
      },
    },
    log: () => undefined,
  });
}

switch (service) {
  case 'orchestrator': {
    const { handler } = await import('@sosw/orchestrator/handler');
    const port = process.env.CHAOS_ORCHESTRATOR_PORT;
    if (port !== undefined && port !== '') await serveOrchestrator(handler, Number(port));
    await orchestratorLoop(handler);
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
