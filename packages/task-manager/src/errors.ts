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
