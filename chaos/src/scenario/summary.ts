/** What a scenario prints when it ends: one line, so CI logs can be compared run by run. */
export interface ScenarioSummary {
  scenario: string;
  seed: number;
  tasks: number;
  /** Faults injected, by kind (DynamoDB proxy, Lambda endpoint, worker fates). */
  faults?: Readonly<Record<string, number>>;
  kills?: number;
  /** The most of the labourer's tasks seen running at once, its budget, the samples taken and skipped. */
  running?: { max: number; budget: number; samples: number; skipped: number; maxPerKey?: number };
  elapsedMs: number;
  violations: number;
}

/**
 * The one-line summary of a scenario, with its seed (to replay it: `CHAOS_SEED=<seed>`) and its
 * end-to-end rate.
 *
 * @example
 * formatSummary({
 *   scenario: 'kill -9', seed: 42, tasks: 300, kills: 12,
 *   running: { max: 40, budget: 40, samples: 200, skipped: 1 }, elapsedMs: 30_000, violations: 0,
 * });
 * // '[chaos] kill -9 seed=42 tasks=300 kills=12 running_max=40/40 samples=200 skipped=1 elapsed=30.0s tasks/s=10.0 violations=0'
 */
export function formatSummary(summary: ScenarioSummary): string {
  const seconds = summary.elapsedMs / 1000;
  const parts = [
    `[chaos] ${summary.scenario}`,
    `seed=${summary.seed}`,
    `tasks=${summary.tasks}`,
    ...(summary.faults === undefined
      ? []
      : [
          `faults={${Object.entries(summary.faults)
            .map(([kind, n]) => `${kind}:${n}`)
            .join(',')}}`,
        ]),
    ...(summary.kills === undefined ? [] : [`kills=${summary.kills}`]),
    ...(summary.running === undefined
      ? []
      : [
          `running_max=${summary.running.max}/${summary.running.budget}`,
          ...((summary.running.maxPerKey ?? 0) > 0
            ? [`per_key_max=${String(summary.running.maxPerKey)}`]
            : []),
          `samples=${summary.running.samples}`,
          `skipped=${summary.running.skipped}`,
        ]),
    `elapsed=${seconds.toFixed(1)}s`,
    `tasks/s=${(summary.tasks / seconds).toFixed(1)}`,
    `violations=${summary.violations}`,
  ];
  return parts.join(' ');
}

/** Prints a line to stdout at once (vitest shows it with the test's output). */
export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}
