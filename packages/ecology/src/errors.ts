import { ConfigError, SoswError } from '@sosw/core';

/** The root of the errors `@sosw/ecology` throws. */
export class EcologyError extends SoswError {}

/**
 * A health-metric or ecology config that cannot work: an unknown field, a bad statistic, feelings in an
 * order their operator can never honour. A `ConfigError` of `@sosw/core`, so it stops a service at
 * start-up like any bad config; the message names the path of every bad field and `issues` lists them.
 */
export class EcologyConfigError extends ConfigError {}

/** A status or budget was asked for a labourer the run was not started with. */
export class UnknownLabourerError extends EcologyError {
  constructor(readonly labourerId: string) {
    super(
      `Labourer '${labourerId}' is not part of this ecology run: pass it to Ecology.startRun() with the others, ` +
        `so its metrics are fetched in the run's one GetMetricData call.`,
    );
  }
}

/** A budget was asked with numbers that cannot be a budget (negative, fractional or not finite). */
export class InvalidBudgetInputError extends EcologyError {}

/** CloudWatch answered for a query, but with an error status instead of its datapoints. */
export class MetricQueryError extends EcologyError {}
