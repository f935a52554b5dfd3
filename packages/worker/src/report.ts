import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DEFAULT_WORKER_ASSISTANT_NAME, WORKER_ASSISTANT_NAME_ENV } from './constants.js';
import { ReportDeliveryError } from './errors.js';

/**
 * The actions of the worker-assistant: sosw's two, `mark_task_as_dead` for a fatal error and
 * `mark_task_as_throttled` for a `ThrottledError` (both ours: Python sosw's worker-assistant refuses them).
 */
export type ReportAction =
  'mark_task_as_completed' | 'mark_task_as_failed' | 'mark_task_as_dead' | 'mark_task_as_throttled';

/**
 * The event the worker-assistant takes; sosw's shape, so a Python worker-assistant takes the first two
 * actions too (it ignores the fields it does not know). `labourer_id` is checked against the task's, and
 * saves the worker-assistant a read; `attempts` and `greenfield` name the attempt the report is about
 * (see `claimedAttempt`), so a late report of an attempt that is over changes nothing; `reason` says why
 * a task failed or died.
 */
export interface WorkerAssistantEvent {
  action: ReportAction;
  task_id: string;
  labourer_id: string;
  /** The task's `attempts` after the claim this worker runs for. */
  attempts?: number;
  /** That claim's greenfield. */
  greenfield?: number;
  stats?: Record<string, number>;
  result?: Record<string, unknown>;
  reason?: string;
}

/** Options of {@link WorkerAssistantClient}. */
export interface WorkerAssistantClientOptions {
  /** The Lambda client; default `new LambdaClient({})`, made on the first report (`AWS_ENDPOINT_URL_LAMBDA` applies). */
  lambda?: LambdaClient;
  /** The worker-assistant's function name or ARN; default from {@link workerAssistantName}. */
  functionName?: string;
}

/**
 * The worker-assistant's function name: the option, else `SOSW_WORKER_ASSISTANT_NAME`, else
 * `sosw_worker_assistant`. An empty value counts as not given.
 *
 * @example
 * workerAssistantName(undefined, { SOSW_WORKER_ASSISTANT_NAME: 'dev_sosw_worker_assistant' }); // 'dev_sosw_worker_assistant'
 * workerAssistantName(undefined, {}); // 'sosw_worker_assistant'
 */
export function workerAssistantName(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  for (const name of [option, env[WORKER_ASSISTANT_NAME_ENV]]) {
    if (name !== undefined && name.trim() !== '') return name.trim();
  }
  return DEFAULT_WORKER_ASSISTANT_NAME;
}

/**
 * Sends a worker's reports to the worker-assistant: one asynchronous invoke (`InvocationType: 'Event'`)
 * per report, so the worker never waits for the write. The payload is plain JSON, so the stats and the
 * result must be JSON values (a `Date` becomes its ISO text, as `JSON.stringify` does).
 *
 * @example
 * const assistant = new WorkerAssistantClient();
 * await assistant.report({ action: 'mark_task_as_completed', task_id: 't1', labourer_id: 'echo', stats: { rows: 3 } });
 */
export class WorkerAssistantClient {
  readonly functionName: string;
  #lambda: LambdaClient | undefined;

  constructor(options: WorkerAssistantClientOptions = {}) {
    this.functionName = workerAssistantName(options.functionName);
    this.#lambda = options.lambda;
  }

  /**
   * Invokes the worker-assistant with `event`, asynchronously.
   *
   * @throws {ReportDeliveryError} when the invoke fails (after the SDK's own retries) or is not accepted (status other than 202)
   */
  async report(event: WorkerAssistantEvent): Promise<void> {
    this.#lambda ??= new LambdaClient({});
    try {
      const response = await this.#lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(event)),
        }),
      );
      // An accepted asynchronous invocation answers 202:
      // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_ResponseSyntax
      if (response.StatusCode !== 202) {
        throw new Error(`the invoke answered status ${response.StatusCode ?? 'none'}, not 202`);
      }
    } catch (error) {
      throw new ReportDeliveryError(event.action, event.task_id, this.functionName, { cause: error });
    }
  }
}
