/**
 * What a refused `Invoke` means for the task, read from Lambda's answer. The orchestrator acts on it (see
 * `invokeClaimed` in claim.ts):
 *
 * - `permanent`: the request can never succeed as sent, because of what the task is (its payload). Sending
 *   it again would be refused again for ever, so the task is buried at once, with the reason.
 * - `transient`: Lambda says no for now (throttling, a service fault) or for the labourer as a whole (its
 *   function is missing, misconfigured, not allowed). The claim is rolled back and the refusal counted on
 *   the task; enough of them in a row make the attempt a failure, retried or buried by `max_attempts`.
 *
 * Only an error about the request body is permanent. Everything that may be true of every task of the
 * labourer is transient on purpose: a deployment mistake (a deleted or not yet deployed function, a
 * missing `lambda:InvokeFunction` grant, a bad arn in config, a broken KMS key or VPC) must not bury a
 * whole queue within seconds, it must cost each task a bounded number of tries while someone fixes it.
 * Any error this module does not know is transient for the same reason.
 *
 * The errors of `Invoke`: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors
 * (the same list as the `@throws` of `InvokeCommand` in `@aws-sdk/client-lambda`).
 */

/** Whether a refusal is about the task (`permanent`) or about now or the labourer (`transient`). */
export type InvokeRefusalKind = 'permanent' | 'transient';

/** A refused invoke: what it means for the task, and why, for the log, the meta row and the burial. */
export interface InvokeRefusal {
  kind: InvokeRefusalKind;
  /** E.g. `RequestTooLargeException (HTTP 413): Request must be smaller than 1048576 bytes ...`. */
  reason: string;
}

/** HTTP 413 Content Too Large: the payload is over the asynchronous limit (1 MB), whatever the code says. */
const PAYLOAD_TOO_LARGE_STATUS = 413;

/**
 * The error codes that say the request as sent can never be taken, whoever sends it, whenever:
 *
 * - `RequestTooLargeException` (413): "The request payload exceeded the Invoke request body JSON input
 *   quota." Lambda's answer carries `RequestEntityTooLargeException` in practice, hence both names; and
 *   `SerializedRequestEntityTooLargeException`: "The request payload exceeded the maximum allowed size for
 *   serialized request entities."
 * - `InvalidRequestContentException` (400): "The request body could not be parsed as JSON". Our body is the
 *   task's payload with its fields (`invocationPayload`), so it is the task's.
 *
 * Not here, although they are 4xx answers, because they are the labourer's and not the task's (see the
 * module's note): `ResourceNotFoundException` (404, the function or its qualifier does not exist),
 * `InvalidParameterValueException` (400: of what we send, only the payload is the task's, and Lambda
 * reports payload faults with the codes above; the other parameters, the function name and the
 * invocation type, are the same for every task of the labourer), `AccessDeniedException` (403, a missing
 * grant), `EFSMountFailureException` (403), `RecursiveInvocationException` (400),
 * `ResourceConflictException` (409, the function is being updated), `UnsupportedMediaTypeException` (415,
 * our content type, the same for all).
 */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'RequestTooLargeException',
  'RequestEntityTooLargeException',
  'SerializedRequestEntityTooLargeException',
  'InvalidRequestContentException',
]);

/** The HTTP status Lambda answered with, when the error carries one (an SDK service exception does). */
function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { $metadata } = error as { $metadata?: { httpStatusCode?: unknown } };
  const status = $metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * What an error thrown by an `Invoke` means for the task. Call it for errors other than a lost answer
 * (`InvokeAnswerLostError`: Lambda may have taken that one, so it is not a refusal at all).
 *
 * @example
 * invokeRefusalOf(new RequestTooLargeException({ message: 'too big', $metadata: { httpStatusCode: 413 } }));
 * // { kind: 'permanent', reason: 'RequestTooLargeException (HTTP 413): too big' }
 * invokeRefusalOf(new TooManyRequestsException({ message: 'Rate Exceeded.', $metadata: { httpStatusCode: 429 } }));
 * // { kind: 'transient', reason: 'TooManyRequestsException (HTTP 429): Rate Exceeded.' }
 * invokeRefusalOf(new Error('connect ECONNREFUSED')); // { kind: 'transient', reason: 'Error: connect ECONNREFUSED' }
 */
export function invokeRefusalOf(error: unknown): InvokeRefusal {
  const status = httpStatus(error);
  const name = error instanceof Error ? error.name : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const reason =
    name === undefined ? message : `${name}${status === undefined ? '' : ` (HTTP ${status})`}: ${message}`;
  // Only an answer from Lambda can say the request is bad: an error without a status never reached it
  // (or is our own), and tells nothing about the task.
  const permanent =
    status !== undefined &&
    (status === PAYLOAD_TOO_LARGE_STATUS || (name !== undefined && PERMANENT_CODES.has(name)));
  return { kind: permanent ? 'permanent' : 'transient', reason };
}

/**
 * What an `Invoke` output that is not an acceptance means: an asynchronous invocation Lambda took is
 * answered `202 Accepted`, with no `FunctionError` (that is for synchronous calls); anything else is a
 * transient refusal (nothing in it blames the task). `undefined` when the invocation was accepted.
 *
 * @example
 * invokeOutputRefusal({ StatusCode: 202 }); // undefined
 * invokeOutputRefusal({ StatusCode: 200 }); // { kind: 'transient', reason: 'status 200, expected 202' }
 */
export function invokeOutputRefusal(output: {
  StatusCode?: number | undefined;
  FunctionError?: string | undefined;
}): InvokeRefusal | undefined {
  if (output.FunctionError !== undefined) {
    return { kind: 'transient', reason: `FunctionError: ${output.FunctionError}` };
  }
  // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_ResponseSyntax
  if (output.StatusCode !== 202) {
    return { kind: 'transient', reason: `status ${String(output.StatusCode)}, expected 202` };
  }
  return undefined;
}
