import type { FunctionError } from './local-lambda-types.js';

/** An HTTP response, before it is written. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Who is at fault, in Lambda's error bodies: the caller (`User`) or the service (`Service`). */
export type FaultOwner = 'User' | 'Service';

/**
 * An error in the AWS REST-JSON shape Lambda uses: the code in `x-amzn-ErrorType`, and a body with `Type`
 * and `message` (plus the error's own fields), so the SDK throws the modelled exception of that name
 * (e.g. `ResourceNotFoundException`) with that message.
 *
 * @example
 * ```ts
 * awsError(404, 'ResourceNotFoundException', 'Function not found: arn:aws:lambda:...:function:nope');
 * ```
 */
export function awsError(
  status: number,
  code: string,
  message: string,
  fields: { type?: FaultOwner; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, ...fields.headers },
    body: JSON.stringify({ Type: fields.type ?? 'User', message, ...fields.extra }),
  };
}

/**
 * What the Node.js runtime reports for an error a handler threw: `errorType` (the error's name),
 * `errorMessage` and `trace` (the stack, line by line). A thrown non-error is reported by its type.
 *
 * @example
 * ```ts
 * functionErrorOf(new TypeError('no')); // { errorType: 'TypeError', errorMessage: 'no', trace: ['TypeError: no', ...] }
 * ```
 */
export function functionErrorOf(thrown: unknown): FunctionError {
  if (thrown instanceof Error) {
    return {
      errorType: thrown.name,
      errorMessage: thrown.message,
      trace: (thrown.stack ?? `${thrown.name}: ${thrown.message}`).split('\n'),
    };
  }
  return { errorType: typeof thrown, errorMessage: describe(thrown), trace: [] };
}

/** A thrown non-error as text: JSON where it has some (not for a bigint, a symbol or a cycle). */
function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json: unknown = JSON.stringify(value);
    if (typeof json === 'string') return json;
  } catch {
    // Not JSON: fall through.
  }
  return String(value);
}

/**
 * What Lambda reports when a function runs past its timeout. The runtime is not told; the sandbox is
 * stopped, which is why `errorType` is `Sandbox.Timedout`.
 */
export function timeoutError(requestId: string, timeoutSeconds: number): FunctionError {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}
