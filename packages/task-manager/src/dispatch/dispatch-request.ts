import { InvokeCommand } from '@aws-sdk/client-lambda';
import { describeError, type TaskManagerContext } from '../context.js';
import { TASK_STATS } from '../stat-names.js';

/** The `action` of a dispatch request to the orchestrator. */
export const DISPATCH_ACTION = 'dispatch';

/** The environment variable naming the orchestrator function that dispatch requests go to. */
export const ORCHESTRATOR_NAME_ENV = 'SOSW_ORCHESTRATOR_NAME';

/** The orchestrator's function name when `SOSW_ORCHESTRATOR_NAME` is not set. */
export const DEFAULT_ORCHESTRATOR_NAME = 'sosw_orchestrator';

/**
 * What the orchestrator is sent when there is new work: the labourers that have it, and why. An
 * orchestrator run that gets it dispatches those labourers at once, or wakes the run that already does.
 */
export interface DispatchRequest {
  action: typeof DISPATCH_ACTION;
  labourer_ids: string[];
  /** `tasks_created` (scheduler), `retries_queued` (scavenger): for the logs. */
  reason: string;
}

/**
 * The orchestrator function dispatch requests go to: `SOSW_ORCHESTRATOR_NAME`, else `sosw_orchestrator`.
 * An empty value counts as not given.
 *
 * @example
 * orchestratorName({ SOSW_ORCHESTRATOR_NAME: 'dev_sosw_orchestrator' }); // 'dev_sosw_orchestrator'
 */
export function orchestratorName(
  variables: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const name = variables[ORCHESTRATOR_NAME_ENV];
  return name === undefined || name === '' ? DEFAULT_ORCHESTRATOR_NAME : name;
}

/**
 * Asks the orchestrator to dispatch these labourers now: one asynchronous invoke. It only saves time: a
 * request that fails (logged and counted, never thrown) leaves the tasks to the next scheduled run, a
 * minute at most, and a request that arrives twice wakes a holder twice.
 *
 * @returns whether Lambda took the request
 */
export async function requestDispatch(
  ctx: TaskManagerContext,
  labourerIds: readonly string[],
  reason: string,
  functionName: string = orchestratorName(),
): Promise<boolean> {
  if (labourerIds.length === 0) return false;
  const request: DispatchRequest = { action: DISPATCH_ACTION, labourer_ids: [...labourerIds], reason };
  try {
    await ctx.lambda().send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(request)),
      }),
    );
    ctx.stats.increment(TASK_STATS.dispatchRequested);
    return true;
  } catch (error) {
    ctx.stats.increment(TASK_STATS.dispatchRequestFailed);
    ctx.logger.warn('dispatch request failed; the next scheduled orchestrator run dispatches the tasks', {
      labourer_ids: labourerIds,
      function_name: functionName,
      error: describeError(error),
    });
    return false;
  }
}
