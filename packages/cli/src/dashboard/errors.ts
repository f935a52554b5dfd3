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
