import { SoswError } from '@sosw/core';

/**
 * The root of the generator's errors: each one means nothing was created. The command prints the message
 * and exits with code 2.
 *
 * @example
 * if (error instanceof NewWorkerError) process.exitCode = 2;
 */
export class NewWorkerError extends SoswError {}

/**
 * The worker name breaks the naming rule; the message quotes the name and says what is allowed.
 *
 * @example
 * checkWorkerName('Stats_Puller'); // throws InvalidWorkerNameError
 */
export class InvalidWorkerNameError extends NewWorkerError {}

/**
 * The name is taken: `workers/<name>` exists, or a workspace package is already called `@sosw/<name>`.
 *
 * @example
 * await createWorker({ root, name: 'example-echo' }); // throws WorkerExistsError
 */
export class WorkerExistsError extends NewWorkerError {}

/**
 * A template uses a placeholder the generator does not fill: a bug of the template, not of the user.
 *
 * @example
 * renderTemplate('{{nmae}}', vars); // throws TemplateError
 */
export class TemplateError extends NewWorkerError {}

/**
 * The command line is not `new-worker <name> [--trigger <kind>] [--no-install] [--root <dir>]`.
 *
 * @example
 * parseCommandLine([]); // throws UsageError
 */
export class UsageError extends NewWorkerError {}
