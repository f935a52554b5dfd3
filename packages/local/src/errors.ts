/**
 * Root of the errors of the local endpoints (and of `@sosw/testing`'s harness, which extends it).
 *
 * Not a `SoswError`: `@sosw/core`'s own tests depend on `@sosw/testing`, and so on this package; a
 * dependency back on `@sosw/core` would make the workspace graph a cycle. Local endpoints never run in a
 * Lambda.
 */
export class HarnessError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** What `EndpointStartError` needs to say what went wrong. */
export interface EndpointStartFailure {
  /** The endpoint, e.g. `DynamoDB Local (jvm)`. */
  what: string;
  /** Why it is not usable, e.g. `java exited with code 1`. */
  reason: string;
  /** The URL it was to answer on, when one was chosen. */
  endpoint?: string;
  /** The last lines the endpoint's process wrote, if it is a process of ours. */
  output?: string;
  cause?: unknown;
}

/** A local endpoint never came up: it exited, could not be run, or did not answer in time. */
export class EndpointStartError extends HarnessError {
  /** The URL it was to answer on, if one was chosen. */
  readonly endpoint: string | undefined;
  /** The tail of the endpoint process's output (java's stdout and stderr), or `''`. */
  readonly output: string;

  constructor(failure: EndpointStartFailure) {
    const where = failure.endpoint === undefined ? '' : ` at ${failure.endpoint}`;
    const output = failure.output?.trim() ?? '';
    const tail = output === '' ? '' : `\n--- last output ---\n${output}\n---`;
    super(`${failure.what} did not start${where}: ${failure.reason}${tail}`, { cause: failure.cause });
    this.endpoint = failure.endpoint;
    this.output = output;
  }
}

/** An option given to a local endpoint is not usable; the message names the option. */
export class InvalidOptionError extends HarnessError {
  constructor(
    /** The option, e.g. `prefix`. */
    readonly option: string,
    message: string,
  ) {
    super(`Invalid option '${option}': ${message}`);
  }
}
