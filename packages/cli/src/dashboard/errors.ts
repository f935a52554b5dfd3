import { CliError } from '../errors.js';

/** Something the dashboard was asked for that is not there (a labourer, a task): HTTP 404. */
export class DashboardNotFoundError extends CliError {
  readonly status = 404;
}

/** A request the dashboard refuses as it is (an expired confirmation, a bad parameter): HTTP 400. */
export class DashboardRequestError extends CliError {
  readonly status = 400;
}

/** Something this dashboard does not do as it was started (redrive beyond this machine): HTTP 403. */
export class DashboardForbiddenError extends CliError {
  readonly status = 403;
}

/** An error's name when it looks like one (`AccessDeniedException`, `TimeoutError`), else `Error`. */
function errorName(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  return /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(name) ? name : 'Error';
}

/**
 * What a 500 tells the browser: the error's name and where the rest is, never its message. AWS errors
 * carry account ids, role and resource ARNs and table names in their text (`User: arn:aws:sts::…:assumed-role/…
 * is not authorized`); the terminal running the dashboard gets all of it, the page only the name.
 *
 * @example
 * ```ts
 * failureMessage(accessDenied);
 * // 'AccessDeniedException: the dashboard could not answer; the terminal running it shows the whole error'
 * ```
 */
export function failureMessage(error: unknown): string {
  return `${errorName(error)}: the dashboard could not answer; the terminal running it shows the whole error`;
}
