import { SoswError } from '@sosw/core';

/** Exit codes of the `sosw` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Root of the CLI's errors: a message for the operator and the exit code to leave with. */
export class CliError extends SoswError {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** The command line itself is wrong (a bad argument, a file that is not JSON): exit code 2. */
export class UsageError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.usage, options);
  }
}

/**
 * What to do about an error that is not the CLI's own (the AWS SDK's, mostly): one line to add to its message.
 *
 * @example
 * ```ts
 * explain(new Error('Region is missing')); // 'set AWS_REGION (or AWS_PROFILE) ...'
 * ```
 */
export function explain(error: unknown): string | undefined {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'ResourceNotFoundException') {
    return 'a table or function is missing: check --prefix (or SOSW_TABLE_PREFIX), or run `sosw tables create`';
  }
  if (/region is missing/i.test(message)) return 'set AWS_REGION (or a profile with a region: AWS_PROFILE)';
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
    return 'no AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; for local endpoints set AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_LAMBDA';
  }
  if (name === 'TimeoutError' || /ECONNREFUSED/.test(message)) {
    return 'the endpoint does not answer: check AWS_ENDPOINT_URL_* (is the local endpoint running?) or your network';
  }
  return undefined;
}
