/** The worker-assistant's function name when neither the options nor the environment give one. */
export const DEFAULT_WORKER_ASSISTANT_NAME = 'sosw_worker_assistant';

/** The environment variable that names the worker-assistant's function (a name or an ARN). */
export const WORKER_ASSISTANT_NAME_ENV = 'SOSW_WORKER_ASSISTANT_NAME';

/** The scheduler's function name, for chains that send a result on to a labourer. */
export const DEFAULT_SCHEDULER_NAME = 'sosw_scheduler';

/**
 * How long before Lambda's timeout an orchestrated worker that is still running reports itself failed:
 * long enough for one asynchronous invoke of the worker-assistant, with room to spare.
 */
export const DEFAULT_REPORT_BEFORE_TIMEOUT_MS = 5_000;

/** How many records of an SQS batch a queue worker handles at once, by default. */
export const DEFAULT_QUEUE_CONCURRENCY = 10;

/** SQS's longest visibility timeout: 12 hours. */
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/**
 * The fields of a task that the orchestrator puts over its payload when it invokes a worker
 * (`invocationPayload` of `@sosw/task-manager`). The worker hands them to `fn` in its context, not in its input.
 */
export const TASK_FIELDS = ['task_id', 'labourer_id', 'created_at', 'attempts', 'greenfield'] as const;

/** The message fields a router reads: which task (`task_name`, else `path`) and the rest of the chain. */
export const ROUTING_FIELDS = ['task_name', 'path', 'callback'] as const;

/** The separator of a callback chain: `'a#b#c'`. */
export const CHAIN_SEPARATOR = '#';

/** The SQS message attribute (or SNS message attribute) that carries a record's media type. */
export const MEDIA_TYPE_ATTRIBUTE = 'media_type';
