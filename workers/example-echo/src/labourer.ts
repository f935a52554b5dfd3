/**
 * The labourer id of this worker: its key in `task_config.labourers` (see `labourer.json`) and the
 * `lambda_name` a scheduler job names to reach it.
 */
export const LABOURER_ID = 'example_echo';
