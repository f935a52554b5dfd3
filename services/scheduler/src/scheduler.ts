import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { Stats, systemClock, type Clock, type PlainObject } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { TaskManager, taskTableNames } from '@sosw/task-manager';
import type { SchedulerConfig } from './config.js';
import { continuationKey } from './continuation/continuation-object.js';
import { ContinuationStore } from './continuation/continuation-store.js';
import { invokeSelf } from './continuation/self-invoke.js';
import { ContinuationError } from './errors.js';
import { parseEvent } from './job/parse-event.js';
import type { JobFairShare } from './job/fair-share.js';
import { jobTasks, planJob, planTasks, validatePlan } from './job/plan.js';
import { SCHEDULER_STATS } from './stat-names.js';
import type {
  ResumePointer,
  ScheduleResult,
  SchedulerContext,
  SchedulerLogger,
  TaskPayload,
} from './types.js';

/** What a `Scheduler` is made of; everything but `config` has a default for a Lambda. */
export interface SchedulerOptions {
  config: SchedulerConfig;
  /**
   * Writes the tasks. Default: one with `write_concurrency` transactions in flight,
   * the tables of `config.task_config` (under `SOSW_TABLE_PREFIX`), this `stats`.
   */
  taskManager?: TaskManager;
  /** For continuation objects. Default: `new S3Client({})`. */
  s3?: S3Client;
  /** For the self-invocation of a continuation. Default: `new LambdaClient({})`. */
  lambda?: LambdaClient;
  /** "Now", for the periods. Default: the system clock. */
  clock?: Clock;
  stats?: Stats;
  logger?: SchedulerLogger;
}

/** Where a write loop starts. */
interface WriteRun {
  jobId: string;
  labourerId: string;
  /** The job index of the next task of `tasks`. */
  position: number;
  tasks: Iterator<TaskPayload>;
  /** The job's concurrency key attribute and priority. */
  fairShare: JobFairShare;
}

/** Where a write loop ended. */
interface WriteOutcome {
  created: number;
  /** The job index of the first task not written. */
  position: number;
  /** The tasks not written, in order, when the loop stopped for time. */
  rest?: Iterable<TaskPayload>;
}

/**
 * The scheduler: turns a business job into tasks for one labourer (DESIGN §1, §4).
 *
 * `run(event, context)` reads the event (a job, or `{resume}`), plans and validates the whole job (an
 * `InvalidJob` comes before any write), then writes its tasks in batches of `write_batch_size` through
 * `TaskManager.createTasks`, with ids `<job_id>-<index>`. Between batches it checks the remaining time:
 * under `shutdown_period` it saves the tasks not written to S3 and invokes itself with `{resume}`. A
 * resumed run continues at the position it is given and deletes the object when the job is done.
 *
 * Killed anywhere and run again with the same event and request id (as Lambda retries), or with the same
 * resume payload, it writes each task exactly once: existing ids are skipped.
 *
 * @example
 * const scheduler = new Scheduler({ config: parseSchedulerConfig(rawConfig) });
 * const result = await scheduler.run({ job: { lambda_name: 'worker', isolate_stores: true, stores: [1, 2] } }, context);
 * // { job_id: context.awsRequestId, tasks_created: 2 }
 */
export class Scheduler {
  readonly stats: Stats;
  readonly #config: SchedulerConfig;
  readonly #taskManager: TaskManager;
  readonly #store: ContinuationStore;
  readonly #lambda: () => LambdaClient;
  readonly #clock: Clock;
  readonly #logger: SchedulerLogger;
  #requestId: string | undefined;

  constructor(options: SchedulerOptions) {
    this.#config = options.config;
    this.stats = options.stats ?? new Stats();
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? console;
    this.#taskManager =
      options.taskManager ??
      new TaskManager({
        db: new DynamoClient({ stats: this.stats }),
        // Its dispatch requests to the orchestrator go through the scheduler's own client.
        lambda: options.lambda,
        transactionConcurrency: options.config.write_concurrency,
        tables: taskTableNames(options.config.task_config),
        clock: this.#clock,
        stats: this.stats,
        invocationId: () => this.#requestId,
        logger: this.#logger,
      });
    this.#store = new ContinuationStore(options.s3 ?? new S3Client({}));
    let lambda = options.lambda;
    this.#lambda = () => (lambda ??= new LambdaClient({}));
  }

  /**
   * Handles one invocation: schedules a job, or resumes a continuation.
   *
   * @throws InvalidJob for a malformed event or job, before any task is written
   * @throws ContinuationError when a continuation cannot be read or handed on
   */
  async run(event: unknown, context: SchedulerContext): Promise<ScheduleResult> {
    this.#requestId = context.awsRequestId;
    const request = parseEvent(event);
    return request.kind === 'job'
      ? this.#schedule(request.job, context)
      : this.#resume(request.resume, context);
  }

  async #schedule(job: PlainObject, context: SchedulerContext): Promise<ScheduleResult> {
    const plan = planJob(job, {
      config: this.#config,
      requestId: context.awsRequestId,
      nowMs: this.#clock.nowMs(),
    });
    const total = validatePlan(plan);
    const { jobId, labourerId, fairShare } = plan;
    this.stats.increment(SCHEDULER_STATS.jobs);
    this.#logger.info('job planned', { job_id: jobId, labourer_id: labourerId, tasks: total });

    const outcome = await this.#write(
      { jobId, labourerId, position: 0, tasks: planTasks(plan), fairShare },
      context,
    );
    if (outcome.rest === undefined) return { job_id: jobId, tasks_created: outcome.created };

    const bucket = this.#config.s3_bucket;
    const key = continuationKey(this.#config.s3_prefix, jobId, outcome.position);
    await this.#store.save(
      bucket,
      key,
      {
        job_id: jobId,
        labourer_id: labourerId,
        first_index: outcome.position,
        ...(fairShare.concurrencyKey !== undefined && { concurrency_key: fairShare.concurrencyKey }),
        ...(fairShare.priority !== undefined && { priority: fairShare.priority }),
      },
      outcome.rest,
    );
    const next: ResumePointer = { bucket, key, position: outcome.position, job_id: jobId };
    await this.#continue(next, context);
    return { job_id: jobId, tasks_created: outcome.created, continued_in: next };
  }

  async #resume(from: ResumePointer, context: SchedulerContext): Promise<ScheduleResult> {
    const { bucket, key, job_id: jobId } = from;
    const continuation = await this.#store.load(bucket, key);
    if (continuation === undefined) {
      // Only a run that wrote the job's last task deletes the object: a retry that comes after it has nothing to do.
      this.#logger.warn('continuation object is gone: the job was finished by a later run', { ...from });
      return { job_id: jobId, tasks_created: 0, resumed_from: from };
    }
    const { header } = continuation;
    if (header.job_id !== jobId) {
      throw new ContinuationError(
        `s3://${bucket}/${key} holds job "${header.job_id}", but the resume payload names job "${jobId}"`,
      );
    }
    this.stats.increment(SCHEDULER_STATS.resumed);
    this.#logger.info('resuming job', { ...from, labourer_id: header.labourer_id });

    const outcome = await this.#write(
      {
        jobId,
        labourerId: header.labourer_id,
        position: from.position,
        tasks: continuation.from(from.position),
        fairShare: {
          ...(header.concurrency_key !== undefined && { concurrencyKey: header.concurrency_key }),
          ...(header.priority !== undefined && { priority: header.priority }),
        },
      },
      context,
    );
    if (outcome.rest === undefined) {
      await this.#store.delete(bucket, key);
      return { job_id: jobId, tasks_created: outcome.created, resumed_from: from };
    }
    // The object holds everything from its first index on: the next run reads on from a later position.
    const next: ResumePointer = { ...from, position: outcome.position };
    await this.#continue(next, context);
    return { job_id: jobId, tasks_created: outcome.created, resumed_from: from, continued_in: next };
  }

  async #continue(next: ResumePointer, context: SchedulerContext): Promise<void> {
    await invokeSelf(this.#lambda(), context, next);
    this.stats.increment(SCHEDULER_STATS.continuations);
    this.#logger.info('job continues in a new invocation', { ...next });
  }

  /**
   * Writes batches until the tasks run out, or the remaining time drops under `shutdown_period` between
   * two batches. The first batch is always written, so every run makes progress, whatever the timeout.
   */
  async #write(run: WriteRun, context: SchedulerContext): Promise<WriteOutcome> {
    const { jobId, labourerId, tasks, fairShare } = run;
    const keyWeights = this.#config.task_config.labourers[labourerId]?.key_weights;
    let { position } = run;
    let created = 0;
    let batch = take(tasks, this.#config.write_batch_size);
    for (let first = true; batch.length > 0; first = false) {
      if (!first && this.#shortOfTime(context)) return { created, position, rest: concat(batch, tasks) };
      const start = position;
      const result = await this.#taskManager.createTasks(
        labourerId,
        jobTasks(jobId, start, batch, fairShare),
        { keyWeights },
      );
      this.stats.increment(SCHEDULER_STATS.batches);
      // After every batch that created tasks: the orchestrator starts on them while the rest are written,
      // and a holder that drained the queue between two batches is woken rather than gone.
      if (result.created.length > 0) await this.#taskManager.requestDispatch([labourerId], 'tasks_created');
      created += result.created.length;
      position += batch.length;
      batch = take(tasks, this.#config.write_batch_size);
    }
    return { created, position };
  }

  #shortOfTime(context: SchedulerContext): boolean {
    return context.getRemainingTimeInMillis() < this.#config.shutdown_period * 1000;
  }
}

/** Up to `n` next values of an iterator. */
function take<T>(iterator: Iterator<T>, n: number): T[] {
  const values: T[] = [];
  while (values.length < n) {
    const next = iterator.next();
    if (next.done === true) break;
    values.push(next.value);
  }
  return values;
}

function* concat<T>(head: readonly T[], tail: Iterator<T>): Generator<T> {
  yield* head;
  for (let next = tail.next(); next.done !== true; next = tail.next()) yield next.value;
}
