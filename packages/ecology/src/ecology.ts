import { systemClock, type Clock } from '@sosw/core';
import { CloudWatchMetricSource } from './cloudwatch-metric-source.js';
import { DEFAULT_ECOLOGY_CONFIG, type EcologyConfig } from './ecology-config.js';
import { EcologyRun } from './ecology-run.js';
import type { MetricSource } from './metric-source.js';
import type { EcologyLogger, LabourerHealth } from './types.js';

export interface EcologyOptions {
  /** Defaults to CloudWatch (`new CloudWatchMetricSource()`). */
  readonly source?: MetricSource;
  /** From `parseEcologyConfig`; defaults to `DEFAULT_ECOLOGY_CONFIG`. */
  readonly config?: EcologyConfig;
  readonly clock?: Clock;
  /** Defaults to `console`. */
  readonly logger?: EcologyLogger;
}

/**
 * The ecology of an orchestrator: built once per container (it holds the CloudWatch client), it starts
 * an `EcologyRun` per orchestrator invocation, which reads the metrics once and works out statuses and
 * budgets from them.
 *
 * @example
 * const ecology = new Ecology({ config: parseEcologyConfig(config.ecology_config) });
 * const run = ecology.startRun([{ id: 'worker', healthMetrics: parseHealthMetrics(labourerConfig.health_metrics) }]);
 * const budget = await run.budget({ labourerId: 'worker', maxSimultaneousInvocations: 10, running: 3 });
 */
export class Ecology {
  readonly #source: MetricSource;
  readonly #config: EcologyConfig;
  readonly #clock: Clock;
  readonly #logger: EcologyLogger;

  constructor(options: EcologyOptions = {}) {
    this.#source = options.source ?? new CloudWatchMetricSource();
    this.#config = options.config ?? DEFAULT_ECOLOGY_CONFIG;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? console;
  }

  /** A run over these labourers, whose metrics' windows end now. */
  startRun(labourers: Iterable<LabourerHealth>): EcologyRun {
    return new EcologyRun({
      labourers,
      source: this.#source,
      config: this.#config,
      logger: this.#logger,
      // Whole seconds: CloudWatch rounds anyway, and a run's window is then easy to read in logs.
      end: new Date(Math.floor(this.#clock.nowMs() / 1000) * 1000),
    });
  }
}
