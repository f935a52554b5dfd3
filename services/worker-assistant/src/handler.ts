import { createHandler } from '@sosw/core';
import type { Context } from 'aws-lambda';
import { workerAssistantConfigSchema, workerAssistantFunctionName } from './config.js';
import type { WorkerAssistantResult } from './types.js';
import { WorkerAssistant } from './worker-assistant.js';

const name = workerAssistantFunctionName();

/**
 * The worker-assistant Lambda, invoked by workers with their reports: config from the config table, one
 * `WorkerAssistant` per container; returns `{ task_id, action, outcome }`.
 */
export const handler: (event: unknown, context: Context) => Promise<WorkerAssistantResult> = createHandler({
  name,
  config: { schema: workerAssistantConfigSchema },
  build: ({ config, logger, stats }) => new WorkerAssistant({ config, logger, stats, author: name }),
  run: (assistant, event, context) => assistant.handle(event, { invocationId: context.awsRequestId }),
});
