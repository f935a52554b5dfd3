/**
 * The labourer id of this worker: its key in `task_config.labourers` (see `labourer.json`) and the
 * `lambda_name` of the scheduler jobs that feed it.
 */
export const LABOURER_ID = 'example_stats_puller';
