import { ecoStatusName, type EcologyRun, type EcoStatus, type MetricOutcome } from '@sosw/ecology';
import type { Labourer } from '@sosw/task-manager';

/** One health metric behind a labourer's eco status. */
export interface MetricHealth {
  /** The metric's name in the labourer's `health_metrics`. */
  name: string;
  status: EcoStatus;
  /** Its value over its window; `undefined` when CloudWatch had none (then `status_when_no_data` applies). */
  value: number | undefined;
  outcome: MetricOutcome;
}

/** How healthy a labourer's downstream is, and what the orchestrator may invoke because of it. */
export interface LabourerEco {
  /** 0 (Bad) to 4 (High): the lowest status of its health metrics; High when it has none. */
  status: EcoStatus;
  statusName: string;
  /** Invocations the orchestrator may start now: `max_simultaneous_invocations` scaled by the status, minus running. */
  budget: number;
  /**
   * How many of its tasks may run at once now: `max_simultaneous_invocations` scaled by the status. The
   * orchestrator keeps the running tasks at this cap while there is queued work, and never above it.
   */
  cap: number;
  metrics: MetricHealth[];
}

/**
 * A labourer's eco status and invocation budget, worked out as the orchestrator does: the same health
 * metrics read from CloudWatch (or the endpoint `AWS_ENDPOINT_URL_CLOUDWATCH` names) by one ecology run,
 * the same budget coefficients.
 *
 * @example
 * ```ts
 * const run = ecology.startRun(labourers);
 * const eco = await labourerEco(run, labourer, 3); // { status: 4, statusName: 'High', budget: 7, metrics: [] }
 * ```
 */
export async function labourerEco(
  run: EcologyRun,
  labourer: Labourer,
  running: number,
): Promise<LabourerEco> {
  const budgetWith = (count: number) =>
    run.budget({
      labourerId: labourer.id,
      maxSimultaneousInvocations: labourer.maxSimultaneousInvocations,
      running: count,
    });
  const [assessment, budget, cap] = await Promise.all([
    run.assess(labourer.id),
    budgetWith(running),
    budgetWith(0),
  ]);
  return {
    status: assessment.status,
    statusName: ecoStatusName(assessment.status),
    budget,
    cap,
    metrics: assessment.metrics.map((metric) => ({
      name: metric.name,
      status: metric.status,
      value: metric.value,
      outcome: metric.outcome,
    })),
  };
}
