/**
 * The root of every error sosw throws on purpose. `name` is the class name, so logs and `instanceof`
 * agree, and `cause` keeps the error underneath when there is one.
 *
 * @example
 * class LabourerNotFound extends SoswError {}
 * const error = new LabourerNotFound('labourer "x" is not in task_config.labourers');
 * error.name; // 'LabourerNotFound'
 * error instanceof SoswError; // true
 */
export class SoswError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One reason a value was rejected: where (`task_config.labourers.x.max_attempts`) and why. */
export interface ValidationIssue {
  /** The dotted path of the bad field; `(root)` when the value as a whole is wrong. */
  readonly path: string;
  /** What is wrong with it, e.g. `expected number, got string`. */
  readonly message: string;
}

/**
 * A value (an event, a payload, a task) failed its schema. The message lists every failing path; `issues`
 * holds them one by one and `path` is the first, for code that reacts to a particular field.
 *
 * @example
 * try {
 *   parseWith(taskSchema, event, 'task');
 * } catch (error) {
 *   if (error instanceof ValidationError) console.log(error.path); // 'labourer_id'
 * }
 */
export class ValidationError extends SoswError {
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[], options?: ErrorOptions) {
    super(message, options);
    this.issues = issues;
  }

  /** The first failing path. */
  get path(): string | undefined {
    return this.issues[0]?.path;
  }
}

/**
 * A configuration cannot be used: a `config` row or the `SOSW_CONFIG` override is not a JSON object, or the
 * merged configuration fails the service's schema (then `issues` lists each bad field). Thrown at start-up,
 * so a bad config stops a service before it touches a task.
 *
 * Deliberately not a `ValidationError`: code that rejects a bad record without retrying it (the worker SDK)
 * catches `ValidationError`, and a broken config is the operator's fault, not the record's.
 *
 * @example
 * new ConfigError('config row "sosw_orchestrator_config" (env "production") is not valid JSON');
 */
export class ConfigError extends SoswError {
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[] = [], options?: ErrorOptions) {
    super(message, options);
    this.issues = issues;
  }

  /** The first bad field, when the config failed its schema. */
  get path(): string | undefined {
    return this.issues[0]?.path;
  }
}
