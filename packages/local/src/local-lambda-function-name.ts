import { LOCAL_REGION } from './credentials.js';
import { LOCAL_ACCOUNT_ID } from './local-lambda-limits.js';

/** A function name as Lambda allows it: letters, digits, `-` and `_`, 1 to 64 characters. */
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

// The `FunctionName` forms of the Invoke API: `my-function`, `my-function:qualifier`,
// `123456789012:function:my-function[:qualifier]` (partial ARN) and
// `arn:aws:lambda:us-west-2:123456789012:function:my-function[:qualifier]` (full ARN).
const FUNCTION_NAME =
  /^(?:(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:)?\d{12}:function:)?([a-zA-Z0-9_-]{1,64})(?::([a-zA-Z0-9$_.-]+))?$/;

/** A `FunctionName` taken apart: the function's name, and the version or alias if one was given. */
export interface FunctionReference {
  name: string;
  qualifier: string | undefined;
}

/**
 * Reads the `FunctionName` of a Lambda API call in any of its forms (name, partial ARN, full ARN, each
 * with an optional `:qualifier`); `undefined` if it is none of them. The account and region of an ARN are
 * not checked: the local endpoint serves every account.
 *
 * @example
 * ```ts
 * parseFunctionName('arn:aws:lambda:us-east-1:000000000000:function:worker'); // { name: 'worker', qualifier: undefined }
 * parseFunctionName('worker:$LATEST'); // { name: 'worker', qualifier: '$LATEST' }
 * ```
 */
export function parseFunctionName(functionName: string): FunctionReference | undefined {
  const match = FUNCTION_NAME.exec(functionName);
  const name = match?.[1];
  if (match === null || name === undefined) return undefined;
  return { name, qualifier: match[2] };
}

/** Whether Lambda would accept `name` as a function's name. */
export function isFunctionName(name: string): boolean {
  return NAME.test(name);
}

/**
 * The ARN the local endpoint gives a function: `arn:aws:lambda:us-east-1:000000000000:function:<name>`.
 * Use it where a labourer's `arn` is configured for a local run.
 *
 * @example
 * ```ts
 * localFunctionArn('worker'); // 'arn:aws:lambda:us-east-1:000000000000:function:worker'
 * ```
 */
export function localFunctionArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`;
}
