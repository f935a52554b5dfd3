/** The labourer ids of the example workers the demo job uses. */
export const ECHO = 'example_echo';
export const STATS_PULLER = 'example_stats_puller';

/** A store id the simulated stats API does not know (`closed_*`): its task is buried, once. */
export const DEAD_STORE = 'closed_demo';

/** The demo's jobs and what must come of them: per labourer, tasks closed ok (`_1`) and dead (`_0`). */
export interface DemoPlan {
  jobs: Array<Record<string, unknown>>;
  expected: Record<string, { completed: number; dead: number }>;
}

/**
 * Plans the demo: about half the tasks for the echo worker, the rest for the stats puller (one task per
 * store over two days, so its simulated rate limits and outages cause retries), one of whose stores is
 * unknown to the API, so exactly one task is buried.
 *
 * @example
 * ```ts
 * demoPlan(30, 'run1').expected; // { example_echo: { completed: 15, dead: 0 }, example_stats_puller: { completed: 14, dead: 1 } }
 * ```
 */
export function demoPlan(tasks: number, runId: string): DemoPlan {
  const total = Math.max(2, Math.floor(tasks));
  const echoTasks = Math.floor(total / 2);
  const statsTasks = total - echoTasks;
  const stores = Array.from({ length: statsTasks - 1 }, (_, i) => `store_${String(i + 1)}`);
  return {
    jobs: [
      {
        lambda_name: ECHO,
        job_id: `demo-echo-${runId}`,
        isolate_stores: true,
        greeting: 'hello from sosw',
        stores: Array.from({ length: echoTasks }, (_, i) => `echo_${String(i + 1)}`),
      },
      {
        lambda_name: STATS_PULLER,
        job_id: `demo-stats-${runId}`,
        st_date: '2024-05-01',
        en_date: '2024-05-02',
        isolate_stores: true,
        sections: { demo: { stores: [...stores, DEAD_STORE] } },
      },
    ],
    expected: {
      [ECHO]: { completed: echoTasks, dead: 0 },
      [STATS_PULLER]: { completed: statsTasks - 1, dead: 1 },
    },
  };
}
