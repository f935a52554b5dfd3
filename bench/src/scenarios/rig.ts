import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { saveConfig, Stats } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { loadOrchestratorConfig, Orchestrator } from '@sosw/orchestrator';
import type { TaskTables } from '@sosw/task-manager';
import { startLocalLambda, type LocalLambda } from '@sosw/testing';
import { loadWorkerAssistantConfig, WorkerAssistant } from '@sosw/worker-assistant';

const quiet = { info: () => undefined, warn: console.warn, error: console.error };

/** What a bench worker gets: its task's fields, as the orchestrator invokes it. */
export interface WorkerEvent {
  task_id: string;
  labourer_id: string;
  attempts: number;
  greenfield: number;
  [field: string]: unknown;
}

/** The essentials of one bench line, in this process, behind a local Lambda endpoint. */
export interface Rig {
  readonly lambda: LocalLambda;
  readonly orchestrator: Orchestrator;
  /** Sends a worker's report to the real worker-assistant, asynchronously, as the worker SDK does. */
  report(action: string, task: WorkerEvent, extra?: object): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Saves `taskConfig` as the essentials' config, and starts a local Lambda endpoint with the given workers
 * and the real worker-assistant; the orchestrator runs in this process, invoking through that endpoint.
 */
export async function startRig(
  taskConfig: object,
  workers: Record<string, (event: WorkerEvent) => Promise<void>>,
  tables: TaskTables,
): Promise<Rig> {
  await saveConfig('sosw_essential_config', { task_config: taskConfig });
  const lambda = await startLocalLambda({ log: () => undefined });
  const client = new LambdaClient({ endpoint: lambda.endpoint });
  const assistant = new WorkerAssistant({
    config: await loadWorkerAssistantConfig(),
    db: new DynamoClient(),
    tables,
    logger: quiet,
    stats: new Stats(),
  });
  lambda.register('sosw_worker_assistant', {
    handler: (event: unknown) => assistant.handle(event),
    concurrency: 16,
  });
  for (const [name, handler] of Object.entries(workers)) {
    lambda.register(name, { handler: (event: unknown) => handler(event as WorkerEvent) });
  }
  const orchestrator = new Orchestrator({
    config: await loadOrchestratorConfig(),
    db: new DynamoClient(),
    lambda: client,
    tables,
    logger: quiet,
  });
  return {
    lambda,
    orchestrator,
    report: async (action, task, extra = {}) => {
      await client.send(
        new InvokeCommand({
          FunctionName: 'sosw_worker_assistant',
          InvocationType: 'Event',
          Payload: Buffer.from(
            JSON.stringify({
              action,
              task_id: task.task_id,
              labourer_id: task.labourer_id,
              attempts: task.attempts,
              greenfield: task.greenfield,
              ...extra,
            }),
          ),
        }),
      );
    },
    stop: async () => {
      await lambda.stop();
      client.destroy();
    },
  };
}

/** The value at a quantile of some numbers (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
