import { Duration } from 'aws-cdk-lib';
import type { Essential } from './naming.js';

/** How an essential's Lambda is sized, triggered and retried. */
export interface EssentialSpec {
  /** What the function does, for the Lambda console. */
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** Run by an EventBridge rule every minute (the orchestrator and the scavenger). */
  readonly everyMinute: boolean;
  /**
   * Lambda's own retries of a failed asynchronous invocation. 0 where sosw owns retries: a failed
   * orchestrator or scavenger run is simply the next minute's run. 2 (Lambda's default) where a retry is
   * the recovery: the scheduler resumes a job by its request id, and a worker's report is idempotent.
   */
  readonly retryAttempts: 0 | 2;
  /**
   * It asks the orchestrator to dispatch new work at once (task-manager's `requestDispatch`): it gets
   * `SOSW_ORCHESTRATOR_NAME` and the right to invoke the orchestrator, and nothing else of it.
   */
  readonly requestsDispatch: boolean;
}

export const ESSENTIAL_SPECS: Readonly<Record<Essential, EssentialSpec>> = {
  orchestrator: {
    description:
      'sosw orchestrator: keeps each labourer running as many tasks as its budget allows, refilling freed slots',
    // Longer than the schedule's minute, so one run holds a labourer's lease and refills its slots without
    // a gap; the scheduled run before it ends waits to take over. A run ends early when the queues are
    // empty, so an idle deployment pays one short run a minute, as with sosw's 60 s.
    timeout: Duration.minutes(15),
    memorySize: 512,
    everyMinute: true,
    retryAttempts: 0,
    requestsDispatch: false,
  },
  scavenger: {
    description: 'sosw scavenger: every minute, archives completed tasks, retries or buries expired ones',
    timeout: Duration.seconds(120),
    memorySize: 512,
    everyMinute: true,
    retryAttempts: 0,
    // Retries it puts back in the queue.
    requestsDispatch: true,
  },
  scheduler: {
    description: 'sosw scheduler: turns a job into tasks, continuing in S3 when time runs short',
    // The longest Lambda allows: a job of 100,000 tasks takes about two minutes, and a bigger one continues.
    timeout: Duration.minutes(15),
    memorySize: 1024,
    everyMinute: false,
    // The scheduler's idempotency is built on Lambda's retries: a retry has the same request id, so it
    // writes only the tasks still missing, and a refused self-invoke fails the run so that it is retried.
    retryAttempts: 2,
    // The tasks it creates.
    requestsDispatch: true,
  },
  'worker-assistant': {
    description: 'sosw worker-assistant: records what workers report (completed, failed, dead)',
    timeout: Duration.seconds(30),
    memorySize: 256,
    everyMinute: false,
    // Workers report asynchronously. Every write is conditional, so a retried report is a no-op when the
    // first one landed, and a report lost to a passing error would cost a whole re-run of the task.
    retryAttempts: 2,
    // A freed slot is found by the orchestrator that holds the labourer's lease: no request needed.
    requestsDispatch: false,
  },
};
