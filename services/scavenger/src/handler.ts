import { createHandler } from '@sosw/core';
import type { Context } from 'aws-lambda';
import { scavengerConfigSchema, scavengerFunctionName } from './config.js';
import { Scavenger } from './scavenger.js';
import type { ScavengerSummary } from './types.js';

const name = scavengerFunctionName();

/**
 * The scavenger Lambda (scheduled every minute): config from the config table, one `Scavenger` per
 * container, one run per invocation; returns the run's summary.
 */
export const handler: (event: unknown, context: Context) => Promise<ScavengerSummary> = createHandler({
  name,
  config: { schema: scavengerConfigSchema },
  build: ({ config, logger, stats }) => new Scavenger({ config, logger, stats, author: name }),
  run: (scavenger, _event, context) => scavenger.run({ invocationId: context.awsRequestId }),
});
