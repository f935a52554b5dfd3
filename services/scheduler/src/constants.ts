/** The function name (and so its config row `<name>_config`) when `AWS_LAMBDA_FUNCTION_NAME` is not set. */
export const DEFAULT_FUNCTION_NAME = 'sosw_scheduler';

/** Seconds of a Lambda's remaining time under which the scheduler stops writing and continues elsewhere. */
export const DEFAULT_SHUTDOWN_PERIOD_SECONDS = 60;

/** Where continuation objects go in the bucket, as in sosw. */
export const DEFAULT_S3_PREFIX = 'sosw/scheduler';

/**
 * Tasks per `createTasks` call: one greenfield read and `n / 25` `TransactWriteItems` (each task with its
 * `created` row, on condition that its id is new) per call; also how often the remaining time is checked.
 */
export const DEFAULT_WRITE_BATCH_SIZE = 500;

/**
 * `TransactWriteItems` requests in flight at once while writing a batch of tasks. Writing is most of a
 * job's time; transactions cancelled by throttling or a conflict are sent again after a short pause.
 */
export const DEFAULT_WRITE_CONCURRENCY = 16;

/** The job schema used when a job names none and `job_schema_variants` has no `default`. */
export const DEFAULT_JOB_SCHEMA_NAME = 'default';

/**
 * Keys of a job that steer the scheduler and are not copied into the tasks' payloads. The chunking flags
 * (`isolate_<attr>s`, `max_<attr>s_per_batch`) stay in the payloads, as in sosw.
 */
export const CONTROL_KEYS: readonly string[] = [
  'lambda_name',
  'labourer_id',
  'job_id',
  'job_schema_name',
  'period',
  'st_date',
  'en_date',
  'isolate_days',
  'timezone',
  'concurrency_key',
  'priority',
];

/** The key under which each task of a job with a period carries its dates. */
export const DATE_LIST_KEY = 'date_list';

/** The first line of every continuation object says this, so a reader knows what it holds. */
export const CONTINUATION_FORMAT = 'sosw-scheduler-continuation/1';
