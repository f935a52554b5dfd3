import { ENV_VARS } from '@sosw/core';
import { Duration } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFn, type Code } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BUNDLE_HANDLER } from './bundles.js';
import type { SoswSettings } from './context.js';
import { InfraPropsError } from './errors.js';
import { FunctionAlarms, FunctionLogs, LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME } from './lambda-basics.js';
import { workerFunctionName } from './naming.js';

/** A worker's Lambda timeout unless it says otherwise; for a labourer it is also the task's `duration`. */
export const DEFAULT_WORKER_TIMEOUT = Duration.minutes(5);
/** A worker's memory unless it says otherwise, in MB. */
export const DEFAULT_WORKER_MEMORY_MB = 512;

/** What every worker's Lambda is made of, labourer or not. */
export interface WorkerCodeProps {
  /** The worker's code, e.g. `workerBundle('importer')` (`workers/importer/dist`). */
  readonly code: Code;
  /** Default `handler.handler` (a `dist/handler.js` exporting `handler`). */
  readonly handler?: string;
  /** The Lambda timeout. Default 5 minutes. */
  readonly timeout?: Duration;
  /** Default 512 MB. */
  readonly memorySize?: number;
  readonly environment?: Readonly<Record<string, string>>;
}

/** The parts `workerLambda` makes. */
export interface WorkerLambda {
  readonly function: LambdaFn;
  readonly role: Role;
  readonly alarms: FunctionAlarms;
}

/**
 * A worker's Lambda with the basics every sosw Lambda has: Node.js 24 on arm64, its own log group with the
 * stage's retention, a role that may write there and nowhere else, and alarms on errors and throttles.
 * The parts are made directly in `scope` (ids `Logs`, `Function`, `Alarms`), so `Labourer` and
 * `WorkerFunction` share it without moving a resource's logical id. The table prefix and config env go
 * into the environment, so the worker reads the same config rows as the essentials.
 *
 * @throws InfraPropsError when the function name is longer than Lambda allows
 *
 * @example
 * const { function: fn, role } = workerLambda(this, {
 *   settings,
 *   functionName: 'dev_importer',
 *   description: 'sosw worker importer (stage dev)',
 *   code: workerBundle('importer'),
 * });
 */
export function workerLambda(
  scope: Construct,
  props: WorkerCodeProps & {
    readonly settings: SoswSettings;
    readonly functionName: string;
    readonly description: string;
    /** Where the name came from, for the error: `labourerId`, `workerName`. */
    readonly nameField?: string;
  },
): WorkerLambda {
  const { settings, functionName } = props;
  if (functionName.length > 64) {
    throw new InfraPropsError(
      `${props.nameField ?? 'functionName'}: the function name "${functionName}" is longer than the 64 characters Lambda allows`,
    );
  }
  const logs = new FunctionLogs(scope, 'Logs', { settings, functionName });
  const fn = new LambdaFn(scope, 'Function', {
    functionName,
    description: props.description,
    runtime: LAMBDA_RUNTIME,
    architecture: LAMBDA_ARCHITECTURE,
    handler: props.handler ?? BUNDLE_HANDLER,
    code: props.code,
    timeout: props.timeout ?? DEFAULT_WORKER_TIMEOUT,
    memorySize: props.memorySize ?? DEFAULT_WORKER_MEMORY_MB,
    role: logs.role,
    logGroup: logs.logGroup,
    environment: {
      [ENV_VARS.tablePrefix]: settings.tablePrefix,
      [ENV_VARS.env]: settings.configEnv,
      ...props.environment,
    },
  });
  const alarms = new FunctionAlarms(scope, 'Alarms', { settings, function: fn, functionName });
  return { function: fn, role: logs.role, alarms };
}

/** Props of `WorkerFunction`. */
export interface WorkerFunctionProps extends WorkerCodeProps {
  readonly settings: SoswSettings;
  /** The worker's name (its package under `workers/`); the function is `<stage>_<name with _ for ->`. */
  readonly workerName: string;
}

/**
 * The Lambda of a worker that is not a labourer: only its triggers invoke it (a queue, a schedule, a topic,
 * ...), never the orchestrator. Same basics as a `Labourer` (see `workerLambda`), without the sosw wiring:
 * no grants to or from the essentials, no config entry, and Lambda's own retries of asynchronous
 * invocations (2) left on, because no scavenger retries this worker's failures.
 *
 * @example
 * const orders = new WorkerFunction(this, 'Worker', {
 *   settings,
 *   workerName: 'order-indexer',
 *   code: workerBundle('order-indexer'),
 *   timeout: Duration.seconds(30),
 * });
 * wireTriggers(this, orders.function, app.triggers, { settings, workerName: 'order-indexer' });
 */
export class WorkerFunction extends Construct {
  readonly functionName: string;
  readonly function: LambdaFn;
  readonly role: Role;
  readonly alarms: FunctionAlarms;

  constructor(scope: Construct, id: string, props: WorkerFunctionProps) {
    super(scope, id);
    const { settings, workerName, ...code } = props;
    this.functionName = workerFunctionName(settings.stage, workerName);
    const lambda = workerLambda(this, {
      ...code,
      settings,
      functionName: this.functionName,
      description: `sosw worker ${workerName} (stage ${settings.stage})`,
      nameField: 'workerName',
    });
    this.function = lambda.function;
    this.role = lambda.role;
    this.alarms = lambda.alarms;
  }
}
