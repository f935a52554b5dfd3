import { SoswError, ValidationError, type ValidationIssue } from '@sosw/core';

/**
 * An event or a job the scheduler cannot turn into tasks. It is thrown before a single task is written,
 * and its message names the place: `job.sections: a chunked level must be a list or a dict, got number`.
 * A `ValidationError` of `@sosw/core`, so `path` and `issues` name the bad field for code too.
 *
 * @example
 * try {
 *   await scheduler.run(event, context);
 * } catch (error) {
 *   if (error instanceof InvalidJob) console.log(error.path); // 'job.period'
 * }
 */
export class InvalidJob extends ValidationError {
  /**
   * @param path - where: `event`, `job.lambda_name`, `job.sections.weddings.stores`
   * @param problem - what is wrong there
   */
  static at(path: string, problem: string, options?: ErrorOptions): InvalidJob {
    return new InvalidJob(`${path}: ${problem}`, [{ path, message: problem }], options);
  }

  /** Several issues at once (from a schema), each path already complete. */
  static of(issues: readonly ValidationIssue[], options?: ErrorOptions): InvalidJob {
    const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return new InvalidJob(message, issues, options);
  }
}

/**
 * A continuation cannot go on: its S3 object does not match the resume payload (another job, a position
 * outside it, a truncated object), or the self-invocation was refused. The invocation fails, so Lambda
 * retries it with the same payload; nothing written so far is written twice.
 *
 * @example
 * new ContinuationError('s3://b/k holds job "a", but the resume payload names job "b"');
 */
export class ContinuationError extends SoswError {}
