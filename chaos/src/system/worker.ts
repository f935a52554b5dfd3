import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { seededRandom, type LocalLambdaContext, type LocalLambdaHandler } from '@sosw/testing';
import { setTimeout as sleep } from 'node:timers/promises';

/** The worker-assistant's function name, as workers report to it. */
export const WORKER_ASSISTANT = 'sosw_worker_assistant';

/** How a chaos worker behaves. Each run's fate is drawn from the seed, the task and the attempt. */
export interface WorkerBehaviour {
  /** The scenario's seed: the same task and attempt always get the same fate under one seed. */
  seed: number;
  /** Share of runs that report `mark_task_as_failed` and throw. */
  failShare: number;
  /** Share of runs that hang past their timeout and never report (Lambda would have killed them). */
  hangShare: number;
  /**
   * The longest a run works before it reports, in ms (default 0: at once). Each run's time is drawn from
   * the seed, the task and the attempt, from 0 to this: runs that overlap keep the labourer's running
   * count near its budget, where a second dispatcher would push it over.
   */
  workMs?: number;
  /** Where the worker-assistant is served: a local Lambda endpoint. */
  assistantEndpoint: string;
}

/** What happens to one run of a worker. */
export type WorkerFate = 'complete' | 'fail' | 'hang';

/** FNV-1a over a string: a well-spread 32-bit number, to seed one run's draw. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The fate of one run, from the seed, the task and the attempt only: not from the order in which runs
 * happen to start, so a seed replays the same fates whatever the timing.
 *
 * @example
 * workerFate({ seed: 7, failShare: 0.1, hangShare: 0.01 }, 'job-1-3', 1); // always the same for these
 */
export function workerFate(
  behaviour: Pick<WorkerBehaviour, 'seed' | 'failShare' | 'hangShare'>,
  taskId: string,
  attempt: number,
): WorkerFate {
  const roll = seededRandom(hash(`${behaviour.seed}:${taskId}:${attempt}`))();
  if (roll < behaviour.hangShare) return 'hang';
  if (roll < behaviour.hangShare + behaviour.failShare) return 'fail';
  return 'complete';
}

/**
 * How long one run works before it reports, from the seed, the task and the attempt only (as `workerFate`).
 *
 * @example
 * workMsOf({ seed: 7, workMs: 1_000 }, 'job-1-3', 1); // the same number from 0 to 1000, every time
 */
export function workMsOf(
  behaviour: Pick<WorkerBehaviour, 'seed' | 'workMs'>,
  taskId: string,
  attempt: number,
): number {
  const workMs = behaviour.workMs ?? 0;
  if (workMs <= 0) return 0;
  return Math.floor(seededRandom(hash(`work:${behaviour.seed}:${taskId}:${attempt}`))() * (workMs + 1));
}

interface WorkerEvent {
  task_id: string;
  labourer_id: string;
  attempts: number;
}

/**
 * A worker Lambda for the local Lambda endpoint that behaves as a sosw worker built with `@sosw/worker`
 * does: it reports to the worker-assistant with an asynchronous invoke, in sosw's event shape. It
 * completes, fails (reports the failure, then throws) or hangs past its timeout, as `workerFate` says.
 *
 * A hung run never reports: in Lambda the runtime is stopped at the timeout. The local endpoint cannot
 * stop a handler, so the handler itself stays silent once its time is up.
 *
 * @example
 * lambda.register('chaos_worker', {
 *   handler: chaosWorker({ seed, failShare: 0.1, hangShare: 0.01, assistantEndpoint: lambda.endpoint }),
 *   timeoutSeconds: 2,
 * });
 */
export function chaosWorker(behaviour: WorkerBehaviour): LocalLambdaHandler {
  // A few quick retries: the assistant may be restarting; after that the report is lost and the task
  // expires and is retried, which is the behaviour under test.
  const assistant = new LambdaClient({ endpoint: behaviour.assistantEndpoint, maxAttempts: 3 });
  const report = (event: object) =>
    assistant.send(
      new InvokeCommand({
        FunctionName: WORKER_ASSISTANT,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(event)),
      }),
    );
  return async (event: unknown, context: LocalLambdaContext) => {
    const task = event as WorkerEvent;
    const fate = workerFate(behaviour, task.task_id, task.attempts);
    const about = { task_id: task.task_id, labourer_id: task.labourer_id };
    if (fate === 'hang') {
      await sleep(context.getRemainingTimeInMillis() + 250);
      return { fate };
    }
    await sleep(workMsOf(behaviour, task.task_id, task.attempts));
    if (fate === 'fail') {
      await report({ action: 'mark_task_as_failed', ...about, result: { attempt: task.attempts } });
      throw new Error(`chaos: attempt ${task.attempts} of ${task.task_id} fails on purpose`);
    }
    await report({
      action: 'mark_task_as_completed',
      ...about,
      stats: { runs: 1 },
      result: { attempt: task.attempts },
    });
    return { fate };
  };
}
