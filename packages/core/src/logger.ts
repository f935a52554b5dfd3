import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured JSON logger of a sosw function: Powertools' `Logger` with the function's name as its
 * service. Its level comes from `POWERTOOLS_LOG_LEVEL` (or `AWS_LAMBDA_LOG_LEVEL`), as Powertools documents.
 *
 * @example
 * const logger = createLogger('sosw_orchestrator');
 * logger.info('labourer skipped', { labourer_id: 'x', reason: 'budget is 0' });
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
