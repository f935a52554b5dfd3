import type { InvokeCommand } from '@aws-sdk/client-lambda';

/**
 * Node's codes for a request that never left this machine or never reached a server: sending it again
 * cannot invoke anything twice, so the SDK may retry these as it likes.
 */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * An `Invoke` whose answer was lost: the request went out, and the connection failed or timed out before
 * Lambda answered. Lambda may or may not have taken the invocation; nobody can tell. Not retryable by the
 * SDK on purpose (no `cause`, which the SDK would classify as transient, and no status), because a resend
 * could invoke the same attempt twice. The original error is in `networkError`.
 */
export class InvokeAnswerLostError extends Error {
  override readonly name = 'InvokeAnswerLostError';

  constructor(readonly networkError: unknown) {
    super(
      `the Invoke request was sent and its answer was lost (${
        networkError instanceof Error ? `${networkError.name}: ${networkError.message}` : String(networkError)
      }); Lambda may or may not have taken it`,
    );
  }
}

/** Whether an error carries an answer from the service (an HTTP status), so Lambda did decide. */
function answered(error: unknown): boolean {
  const { $metadata, $response } = error as {
    $metadata?: { httpStatusCode?: number };
    $response?: unknown;
  };
  return $metadata?.httpStatusCode !== undefined || $response !== undefined;
}

/**
 * Makes `command` fail with `InvokeAnswerLostError` when its request went out and no answer came back,
 * instead of letting the SDK's retry strategy send it again (it retries connection resets and timeouts,
 * which is right for reads, and wrong for an asynchronous `Invoke`: the first copy may already run).
 * Errors Lambda answered with (throttling, 5xx) and requests that never left are left to the SDK.
 *
 * @example
 * const output = await lambda.send(withoutBlindResend(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload })));
 */
export function withoutBlindResend(command: InvokeCommand): InvokeCommand {
  command.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (answered(error)) throw error;
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && NOT_SENT_CODES.has(code)) throw error;
        throw new InvokeAnswerLostError(error);
      }
    },
    // Inside the retry middleware (finalizeRequest), around the HTTP request itself.
    { step: 'deserialize', name: 'soswInvokeAnswerLost', priority: 'low' },
  );
  return command;
}
