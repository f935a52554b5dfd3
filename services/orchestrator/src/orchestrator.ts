import { LambdaClient } from '@aws-sdk/client-lambda';
import { Stats, systemClock, type Clock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { Ecology, type MetricSource } from '@sosw/ecology';
import {
  resolveLabourers,
  TaskManager,
  taskTableNames,
  type Labourer,
  type TaskConfig,
  type TaskTables,
} from '@sosw/task-manager';
import { Budgets } from './budgets.js';
import { ecologyConfigOf, orchestratorFunctionName, type OrchestratorConfig } from './config.js';
import { dispatchGroups, resourcesOf, type DispatchGroup } from './dispatch-groups.js';
import { dispatchGroup, nothingDone, type DispatchContext } from './group-dispatch.js';
import { triggerOf, type Trigger } from './trigger.js';
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
  /** The run's event: a dispatch request (`triggerOf`), or anything else for a scheduled run. */
  event?: unknown;
  /**
   * Milliseconds the run may take (the Lambda context's `getRemainingTimeInMillis()`). Continuous
   * labourers are dispatched until `stop_before_timeout_seconds` before it ends. Default 0: one pass.
   */
  remainingMs?: number | undefined;
}

/**
 * sosw's orchestrator (DESIGN §1, and continuous dispatch): for each labourer, takes its dispatch lease
 * and invokes queued tasks up to its budget (`max_simultaneous_invocations` scaled by the ecology) minus
 * what runs; for a `continuous` labourer (the default) it then refills each freed slot within
 * `refill_interval_ms` until the queue is empty or its time is up, and for a `per_minute` one (sosw's
 * model) it stops there. Built once per container; `run` once per invocation.
 *
 * The lease makes the budget a hard cap: only its holder claims the labourer's tasks, whatever else runs
 * at once (a schedule event delivered twice, a slow run beside the next, a dispatch request). A run
 * resolves the labourers once (their Lambda timeouts) and reads their health at most once a minute
 * (`Budgets`); the labourers are dispatched side by side, and a labourer whose step throws is logged and
 * counted (`labourers_failed`) while the others go on.
 *
 * @example
 * const orchestrator = new Orchestrator({ config: await loadOrchestratorConfig() });
 * const summary = await orchestrator.run({ remainingMs: context.getRemainingTimeInMillis() });
 * // { worker: { budget: 5, running: 5, invoked: 40, skipped: 0, failed: 0, lease: 'taken' } }
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
  readonly #clock: Clock;
  readonly #config: OrchestratorConfig;
  readonly #author: string;
  #invocationId: string | undefined;

  /** @throws EcologyConfigError when `ecology_config` (or `invocation_number_coefficient`) is bad */
  constructor(options: OrchestratorOptions) {
    const { config } = options;
    this.#clock = options.clock ?? systemClock;
    this.#config = config;
    this.stats = options.stats ?? new Stats();
    this.#logger = options.logger ?? console;
    this.#taskConfig = config.task_config;
    this.#lambda = options.lambda ?? new LambdaClient({});
    this.#author = options.author ?? orchestratorFunctionName();
    this.#ecology = new Ecology({
      source: options.metricSource,
      config: ecologyConfigOf(config),
      clock: this.#clock,
      logger: this.#logger,
    });
    this.taskManager = new TaskManager({
      db: options.db ?? new DynamoClient({ stats: this.stats }),
      lambda: this.#lambda,
      tables: options.tables ?? taskTableNames(config.task_config),
      clock: this.#clock,
      stats: this.stats,
      logger: this.#logger,
      author: this.#author,
      invocationId: () => this.#invocationId,
      invokeRefusalsBeforeFailure: config.invoke_refusals_before_failure,
    });
  }

  /**
   * One orchestrator run: a scheduled run over every labourer, or a dispatch request over the continuous
   * labourers it names.
   *
   * @returns labourer id -> `{ budget, running, invoked, skipped, failed, lease }` (plus `error` for a
   * labourer that failed), in config order
   * @throws ValidationError when the event is a dispatch request with a bad field (nothing is read)
   *
   * @example
   * const summary = await orchestrator.run({
   *   invocationId: context.awsRequestId,
   *   event,
   *   remainingMs: context.getRemainingTimeInMillis(),
   * });
   */
  async run(options: OrchestratorRunOptions = {}): Promise<OrchestratorSummary> {
    const trigger = triggerOf(options.event);
    this.#invocationId = options.invocationId;
    // Once per run: a timeout changed in AWS is seen on the next run.
    const labourers = await resolveLabourers(this.#taskConfig, {
      lambda: this.#lambda,
      logger: this.#logger,
    });
    const startedAtMs = this.#clock.nowMs();
    const resources = resourcesOf(this.#taskConfig);
    const ctx: DispatchContext = {
      taskManager: this.taskManager,
      budgets: new Budgets(this.#ecology, labourers, [...resources.values()], this.#clock),
      clock: this.#clock,
      logger: this.#logger,
      trigger,
      owner: `${this.#author}/${options.invocationId ?? 'unknown'}`,
      deadlineMs: startedAtMs + (options.remainingMs ?? 0) - this.#config.stop_before_timeout_seconds * 1000,
      refillIntervalMs: this.#config.refill_interval_ms,
      schedulePeriodMs: this.#config.schedule_period_seconds * 1000,
      invokeConcurrency: this.#config.invoke_concurrency,
    };
    // A group is dispatched when the run is for any of its labourers: its holder needs all their leases.
    const chosen = dispatchGroups(labourers, resources).filter((group) =>
      group.labourers.some((labourer) => isChosen(labourer, trigger)),
    );
    // Side by side: a continuous labourer's dispatch lasts the whole run, mostly waiting for slots.
    const outcomes = new Map(
      (await Promise.all(chosen.map((group) => this.#runGroup(ctx, group)))).flatMap((group) => [...group]),
    );
    // In config order.
    return Object.fromEntries(
      labourers.flatMap((labourer): [string, LabourerOutcome][] => {
        const outcome = outcomes.get(labourer.id);
        return outcome === undefined ? [] : [[labourer.id, outcome]];
      }),
    );
  }

  /** One group's dispatch. Never throws: a failure is its labourers' outcome, so the other groups go on. */
  async #runGroup(ctx: DispatchContext, group: DispatchGroup): Promise<Map<string, LabourerOutcome>> {
    try {
      const outcomes = await dispatchGroup(ctx, group);
      for (const [labourerId, outcome] of outcomes) {
        this.stats.increment(ORCHESTRATOR_STATS.labourersProcessed);
        this.#logger.info('labourer orchestrated', { labourer_id: labourerId, ...outcome });
      }
      return outcomes;
    } catch (error) {
      const described = describeError(error);
      const outcomes = new Map<string, LabourerOutcome>();
      for (const { id } of group.labourers) {
        this.stats.increment(ORCHESTRATOR_STATS.labourersFailed);
        this.#logger.error('labourer failed; the other labourers go on', {
          labourer_id: id,
          error: described,
        });
        outcomes.set(id, { ...nothingDone(), error: described });
      }
      return outcomes;
    }
  }
}

/** Whether a run dispatches this labourer: a dispatch request names continuous labourers only. */
function isChosen(labourer: Labourer, trigger: Trigger): boolean {
  if (trigger.kind === 'schedule') return true;
  if (labourer.dispatch === 'per_minute') return false;
  return trigger.labourerIds === undefined || trigger.labourerIds.includes(labourer.id);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
