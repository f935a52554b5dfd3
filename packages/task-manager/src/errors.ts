import { ConfigError, SoswError } from '@sosw/core';

/** The root of the errors `@sosw/task-manager` throws on purpose. */
export class TaskManagerError extends SoswError {}

/**
 * The `task_config` section cannot be used: an unknown field inside a labourer, a missing `arn`, a
 * `max_attempts_<id>` that is not a whole number... A `ConfigError` of `@sosw/core`, so a service stops at
 * start-up; the message names every bad field by its path (`task_config.labourers.x.max_attempts`) and
 * `issues` lists them.
 */
export class TaskConfigError extends ConfigError {}

/**
 * A task given to the task manager cannot be stored or used as it is: a payload that is not JSON, an
 * empty id, a task too large for DynamoDB. The message names the task and the field.
 */
export class InvalidTaskError extends TaskManagerError {}

/**
 * A task was handed to an operation of another labourer (its `labourer_id` is not the labourer's id).
 * The orchestrator only ever invokes the `arn` of the labourer from config, so this is refused instead of
 * invoking one labourer's Lambda with another's task.
 */
export class LabourerMismatchError extends TaskManagerError {
  constructor(
    readonly taskId: string,
    readonly taskLabourerId: string,
    readonly labourerId: string,
  ) {
    super(
      `task ${taskId} belongs to labourer "${taskLabourerId}", not to "${labourerId}": ` +
        `pass the task to the operation of its own labourer`,
    );
  }
}

/**
 * `createTasks` wrote some of the tasks, not all: DynamoDB kept refusing the others (throttling, a
 * conflict with another writer, an error; each was logged). The tasks written stay written with their
 * meta rows. Call again with the same ids: the written ones are skipped and the rest are created.
 */
export class CreateTasksIncompleteError extends TaskManagerError {
  constructor(
    readonly labourerId: string,
    /** The ids not written. */
    readonly failedTaskIds: readonly string[],
    /** How many tasks this call did create. */
    readonly createdCount: number,
  ) {
    super(
      `createTasks for labourer "${labourerId}": ${failedTaskIds.length} task(s) not written ` +
        `(${failedTaskIds.slice(0, 5).join(', ')}${failedTaskIds.length > 5 ? ', ...' : ''}), ` +
        `${createdCount} written; call again with the same ids to create the rest`,
    );
  }
}
