import { LambdaClient } from '@aws-sdk/client-lambda';
import { mapConcurrent, Stats, systemClock, type Clock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { Ecology, type EcologyRun, type MetricSource } from '@sosw/ecology';
import {
  resolveLabourers,
  TaskManager,
  taskTableNames,
  type Labourer,
  type TaskConfig,
  type TaskTables,
} from '@sosw/task-manager';
import { ecologyConfigOf, orchestratorFunctionName, type OrchestratorConfig } from './config.js';
import { ORCHESTRATOR_STATS } from './stat-names.js';
import type { LabourerOutcome, OrchestratorLogger, OrchestratorSummary } from './types.js';

/** How to build an `Orchestrator`. Only `config` is required; the rest default to the real AWS clients. */
export interface OrchestratorOptions {
  /** The parsed config (`loadOrchestratorConfig`, or `orchestratorConfigSchema.parse`). */
  config: OrchestratorConfig;
  /**
   * Where the labourers' health metrics are read. Default: CloudWatch. A local run passes an
   * `InMemoryMetricSource`.
   */
  metricSource?: MetricSource | undefined;
  /** Table reads and writes. Default: `new DynamoClient({ stats })`. */
  db?: DynamoClient | undefined;
  /** Invokes the workers and reads their timeouts. Default: `new LambdaClient({})`. */
  lambda?: LambdaClient | undefined;
  /** Task table names. Default: `taskTableNames(config.task_config)` (sosw's keys, else `SOSW_TABLE_PREFIX`). */
  tables?: TaskTables | undefined;
  clock?: Clock | undefined;
  /** The run's counters: the orchestrator's, the task manager's and DynamoDB's. Default: a new `Stats`. */
  stats?: Stats | undefined;
  /** Default: `console`. */
  logger?: OrchestratorLogger | undefined;
  /** Written as `author` in meta rows. Default: the function name (`AWS_LAMBDA_FUNCTION_NAME` or `sosw_orchestrator`). */
  author?: string | undefined;
}

/** Options of one run. */
export interface OrchestratorRunOptions {
  /** The Lambda request id, written as `invocation_id` in the meta rows of this run. */
  invocationId?: string | undefined;
}

/**
 * sosw's orchestrator (DESIGN §1): on every run, for each labourer, how many more invocations may it have
 * now (its `max_simultaneous_invocations`, scaled by the ecology, minus what is running), and claims and
 * invokes that many queued tasks. Built once per container; `run` once per invocation.
 *
 * One run resolves the labourers once (their Lambda timeouts), reads every health metric of every
 * labourer with one ecology run, and works on the labourers in parallel (`labourer_concurrency` at a
 * time). A labourer whose step throws is logged and counted (`labourers_failed`); the others go on.
 *
 * @example
 * const orchestrator = new Orchestrator({ config: await loadOrchestratorConfig() });
 * const summary = await orchestrator.run();
 * // { worker: { budget: 5, invoked: 5, skipped: 0, failed: 0 } }
 */
export class Orchestrator {
  /** The task manager the runs use (exposed for tests and tools). */
  readonly taskManager: TaskManager;
  readonly stats: Stats;
  readonly #taskConfig: TaskConfig;
  readonly #ecology: Ecology;
  /** One client for the container: timeouts (every run) and invokes. */
  readonly #lambda: LambdaClient;
  readonly #logger: OrchestratorLogger;
  readonly #invokeConcurrency: number;
  readonly #labourerConcurrency: number;
  #invocationId: string | undefined;

  /** @throws EcologyConfigError when `ecology_config` (or `invocation_number_coefficient`) is bad */
  constructor(options: OrchestratorOptions) {
    const { config } = options;
    const clock = options.clock ?? systemClock;
    this.stats = options.stats ?? new Stats();
    this.#logger = options.logger ?? console;
    this.#taskConfig = config.task_config;
    this.#lambda = options.lambda ?? new LambdaClient({});
    this.#invokeConcurrency = config.invoke_concurrency;
    this.#labourerConcurrency = config.labourer_concurrency;
    this.#ecology = new Ecology({
      source: options.metricSource,
      config: ecologyConfigOf(config),
      clock,
      logger: this.#logger,
    });
    this.taskManager = new TaskManager({
      db: options.db ?? new DynamoClient({ stats: this.stats }),
      lambda: this.#lambda,
      tables: options.tables ?? taskTableNames(config.task_config),
      clock,
      stats: this.stats,
      logger: this.#logger,
      author: options.author ?? orchestratorFunctionName(),
      invocationId: () => this.#invocationId,
    });
  }

  /**
   * One orchestrator run over every configured labourer.
   *
   * @returns labourer id -> `{ budget, invoked, skipped, failed }` (plus `error` for a labourer that failed)
   *
   * @example
   * const summary = await orchestrator.run({ invocationId: context.awsRequestId });
   */
  async run(options: OrchestratorRunOptions = {}): Promise<OrchestratorSummary> {
    this.#invocationId = options.invocationId;
    // Once per run: a timeout changed in AWS is seen on the next run.
    const labourers = await resolveLabourers(this.#taskConfig, {
      lambda: this.#lambda,
      logger: this.#logger,
    });
    // Every health metric of every labourer is fetched together, on the first budget asked for.
    const ecologyRun = this.#ecology.startRun(labourers);
    const outcomes = await mapConcurrent(
      labourers,
      this.#labourerConcurrency,
      async (labourer): Promise<[string, LabourerOutcome]> => [
        labourer.id,
        await this.#runLabourer(labourer, ecologyRun),
      ],
    );
    return Object.fromEntries(outcomes);
  }

  /** One labourer's step. Never throws: a failure is the labourer's outcome, so the others go on. */
  async #runLabourer(labourer: Labourer, ecologyRun: EcologyRun): Promise<LabourerOutcome> {
    const outcome: LabourerOutcome = { budget: 0, invoked: 0, skipped: 0, failed: 0 };
    try {
      const window = this.taskManager.window(labourer);
      const running = await this.taskManager.countRunning(labourer, window);
      outcome.budget = await ecologyRun.budget({
        labourerId: labourer.id,
        maxSimultaneousInvocations: labourer.maxSimultaneousInvocations,
        running,
      });
      const done = await this.taskManager.claimAndInvoke(labourer, window, outcome.budget, {
        concurrency: this.#invokeConcurrency,
      });
      Object.assign(outcome, done);
      this.stats.increment(ORCHESTRATOR_STATS.labourersProcessed);
      this.#logger.info('labourer orchestrated', { labourer_id: labourer.id, running, ...outcome });
      return outcome;
    } catch (error) {
      this.stats.increment(ORCHESTRATOR_STATS.labourersFailed);
      const described = describeError(error);
      this.#logger.error('labourer failed; the other labourers go on', {
        labourer_id: labourer.id,
        error: described,
      });
      return { ...outcome, error: described };
    }
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
