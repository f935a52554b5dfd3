import { invocationBudget } from './budget.js';
import type { EcologyConfig } from './ecology-config.js';
import { EcologyError, UnknownLabourerError } from './errors.js';
import { feelingStatus } from './feelings.js';
import type { HealthMetric } from './health-metric.js';
import { metricKey, type Datapoint, type MetricQuery } from './metric-query.js';
import type { MetricReading, MetricSource } from './metric-source.js';
import { metricValue } from './statistics.js';
import { HIGHEST_ECO_STATUS, type EcoStatus } from './status.js';
import type { EcologyLogger, LabourerHealth, MetricOutcome } from './types.js';

/** How one health metric of a labourer looked in this run. */
export interface MetricAssessment {
  readonly name: string;
  readonly status: EcoStatus;
  /** The metric's value over its window; `undefined` when there was none to read. */
  readonly value: number | undefined;
  readonly outcome: MetricOutcome;
}

/** A labourer's status in this run and the metrics it came from. */
export interface LabourerAssessment {
  readonly labourerId: string;
  /** The lowest status of its metrics; High when it has none. */
  readonly status: EcoStatus;
  readonly metrics: readonly MetricAssessment[];
}

export interface EcologyRunOptions {
  readonly labourers: Iterable<LabourerHealth>;
  readonly source: MetricSource;
  readonly config: EcologyConfig;
  /** The end of every metric's window: the moment the run started. */
  readonly end: Date;
  readonly logger: EcologyLogger;
}

/** Whether a datapoint's period overlaps the window `[end - windowSeconds, end]`. */
function inWindow(datapoint: Datapoint, query: MetricQuery, end: Date): boolean {
  const periodEnd = datapoint.timestamp.getTime() + query.period * 1000;
  return periodEnd > end.getTime() - query.windowSeconds * 1000;
}

/**
 * The ecology of one orchestrator run. The metrics of every labourer are read from the source once, in
 * one request, the first time any status is asked for; each labourer's status is worked out when it is
 * first asked for, and kept. Start a new run for fresh figures.
 *
 * @example
 * const run = ecology.startRun([{ id: 'worker', healthMetrics }]);
 * const budget = await run.budget({ labourerId: 'worker', maxSimultaneousInvocations: 10, running: 2 });
 */
export class EcologyRun {
  readonly #labourers = new Map<string, LabourerHealth>();
  readonly #source: MetricSource;
  readonly #config: EcologyConfig;
  readonly #logger: EcologyLogger;
  readonly #assessments = new Map<string, LabourerAssessment>();
  #readings: Promise<ReadonlyMap<string, MetricReading>> | undefined;
  /** The end of every metric's window. */
  readonly end: Date;
  /** The start of the window the source is asked for: the longest window of the run's metrics. */
  readonly start: Date;
  /** Every distinct query of the run, by `metricKey`. */
  readonly queries: readonly MetricQuery[];

  constructor(options: EcologyRunOptions) {
    for (const labourer of options.labourers) {
      if (this.#labourers.has(labourer.id)) {
        throw new EcologyError(`Labourer '${labourer.id}' was given twice to one ecology run`);
      }
      this.#labourers.set(labourer.id, labourer);
    }
    this.#source = options.source;
    this.#config = options.config;
    this.#logger = options.logger;
    this.end = options.end;

    const queries = new Map<string, MetricQuery>();
    let longestWindow = 0;
    for (const labourer of this.#labourers.values()) {
      for (const healthMetric of Object.values(labourer.healthMetrics ?? {})) {
        const query = healthMetric.metric;
        longestWindow = Math.max(longestWindow, query.windowSeconds);
        // A query serves every window: keep the one seen first, whatever its window.
        if (!queries.has(metricKey(query))) queries.set(metricKey(query), query);
      }
    }
    this.queries = [...queries.values()];
    this.start = new Date(this.end.getTime() - longestWindow * 1000);
  }

  /**
   * A labourer's eco status in this run: the lowest of its health metrics' statuses, High with none.
   *
   * @example
   * await run.status('worker'); // 3
   */
  async status(labourerId: string): Promise<EcoStatus> {
    return (await this.assess(labourerId)).status;
  }

  /**
   * How many more invocations a labourer may have now, from its status in this run and the config's
   * budget coefficients.
   *
   * @example
   * await run.budget({ labourerId: 'worker', maxSimultaneousInvocations: 10, running: 0 }); // 7 when Good
   */
  async budget(input: {
    readonly labourerId: string;
    readonly maxSimultaneousInvocations: number;
    readonly running: number;
  }): Promise<number> {
    return invocationBudget({
      maxSimultaneousInvocations: input.maxSimultaneousInvocations,
      running: input.running,
      status: await this.status(input.labourerId),
      coefficients: this.#config.budgetCoefficients,
    });
  }

  /**
   * A labourer's status with the metric by metric story behind it: for logs and dashboards.
   *
   * @example
   * const { status, metrics } = await run.assess('worker');
   */
  async assess(labourerId: string): Promise<LabourerAssessment> {
    const known = this.#assessments.get(labourerId);
    if (known) return known;
    const labourer = this.#labourers.get(labourerId);
    if (!labourer) throw new UnknownLabourerError(labourerId);

    const entries = Object.entries(labourer.healthMetrics ?? {});
    const readings = entries.length > 0 ? await this.#readAll() : new Map<string, MetricReading>();
    const metrics = entries.map(([name, healthMetric]) =>
      this.#assessMetric(labourerId, name, healthMetric, readings.get(metricKey(healthMetric.metric))),
    );
    const status = metrics.reduce<EcoStatus>(
      (lowest, metric) => (metric.status < lowest ? metric.status : lowest),
      HIGHEST_ECO_STATUS,
    );
    const assessment: LabourerAssessment = { labourerId, status, metrics };
    this.#assessments.set(labourerId, assessment);
    return assessment;
  }

  #assessMetric(
    labourerId: string,
    name: string,
    healthMetric: HealthMetric,
    reading: MetricReading | undefined,
  ): MetricAssessment {
    const { metric, feelings, operator } = healthMetric;
    const context = {
      labourerId,
      healthMetric: name,
      namespace: metric.namespace,
      metricName: metric.metricName,
      statistic: metric.statistic,
      statusWhenNoData: this.#config.statusWhenNoData,
    };
    if (reading !== undefined && !reading.ok) {
      this.#logger.warn(
        `Ecology: could not read health metric '${name}' of labourer '${labourerId}'; ` +
          `its status is status_when_no_data (${this.#config.statusWhenNoData})`,
        { ...context, error: reading.error instanceof Error ? reading.error.message : String(reading.error) },
      );
      return { name, status: this.#config.statusWhenNoData, value: undefined, outcome: 'unreadable' };
    }
    const values = (reading?.datapoints ?? [])
      .filter((datapoint) => inWindow(datapoint, metric, this.end))
      .map((datapoint) => datapoint.value);
    const value = metricValue(metric.statistic, values, operator);
    if (value === undefined) {
      this.#logger.warn(
        `Ecology: health metric '${name}' of labourer '${labourerId}' has no datapoints in the last ` +
          `${metric.windowSeconds} s; its status is status_when_no_data (${this.#config.statusWhenNoData})`,
        context,
      );
      return { name, status: this.#config.statusWhenNoData, value: undefined, outcome: 'no_data' };
    }
    return { name, status: feelingStatus(value, feelings, operator), value, outcome: 'value' };
  }

  /** One request for the whole run, shared by every labourer; a source that throws makes all unreadable. */
  #readAll(): Promise<ReadonlyMap<string, MetricReading>> {
    this.#readings ??= this.#source
      .fetch({ queries: this.queries, start: this.start, end: this.end })
      .catch((error: unknown) => {
        this.#logger.warn('Ecology: could not read any health metric of this run', {
          queries: this.queries.length,
          error: error instanceof Error ? error.message : String(error),
        });
        const unreadable: MetricReading = { ok: false, error };
        return new Map(this.queries.map((query) => [metricKey(query), unreadable]));
      });
    return this.#readings;
  }
}
