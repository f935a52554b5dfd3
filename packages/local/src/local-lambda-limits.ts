// Lambda's documented numbers, so local runs fail where AWS would.
// https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html and
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html

/** The request (and response) payload limit of a synchronous invocation: 6 MB. */
export const SYNC_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

/** The request payload limit of an asynchronous (`Event`) invocation: 1 MB (256 KB until October 2025). */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 1024 * 1024;

/** A function's timeout when none is configured, as in Lambda. */
export const DEFAULT_TIMEOUT_SECONDS = 3;

/** A function's memory when none is configured, as in Lambda. */
export const DEFAULT_MEMORY_SIZE_MB = 128;

/** The account every local ARN names. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The runtime the configuration reports: the one the services are built for. */
export const LOCAL_RUNTIME = 'nodejs24.x';

/** The longest a `timeout` fault holds a response. */
export const MAX_FAULT_HANG_MS = 30_000;
