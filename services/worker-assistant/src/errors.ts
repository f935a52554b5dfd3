import { SoswError } from '@sosw/core';

/**
 * A worker reported a failure of a task whose labourer is not in `task_config.labourers`: without its
 * duration and cooldown the task cannot be placed where the scavenger retries it. The task is left as it
 * is, and expires and is retried like any lost invocation, if a scavenger knows its labourer.
 */
export class UnknownLabourerError extends SoswError {
  constructor(
    readonly labourerId: string,
    readonly taskId: string,
  ) {
    super(
      `labourer_id "${labourerId}" of task "${taskId}" is not in task_config.labourers of the worker-assistant: ` +
        `add it to sosw_essential_config (or the worker-assistant's own config) so its failures can be recorded`,
    );
  }
}
