import { createHandler } from '@sosw/core';
import type { Context } from 'aws-lambda';
import { orchestratorConfigSchema, orchestratorFunctionName } from './config.js';
import { Orchestrator } from './orchestrator.js';
import type { OrchestratorSummary } from './types.js';

const name = orchestratorFunctionName();

/**
 * The orchestrator Lambda (scheduled every minute, and invoked with a dispatch request when tasks are
 * created or retries queued): config from the config table, one `Orchestrator` per container, one run per
 * invocation, dispatching until shortly before its timeout; returns the run's summary.
 */
export const handler: (event: unknown, context: Context) => Promise<OrchestratorSummary> = createHandler({
  name,
  config: { schema: orchestratorConfigSchema },
  build: ({ config, logger, stats }) => new Orchestrator({ config, logger, stats, author: name }),
  run: (orchestrator, event, context) =>
    orchestrator.run({
      invocationId: context.awsRequestId,
      event,
      remainingMs: context.getRemainingTimeInMillis(),
    }),
});
