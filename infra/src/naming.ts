/**
 * Every name the app gives to AWS resources, in one place. Names carry the stage, so two stages (`dev`,
 * `prod`) can live in one account and region without clashing; the essentials' names are fixed (not
 * generated) because other stacks and the config rows refer to them by name.
 */

/** The four essentials, by their service directory under `services/`. */
export const ESSENTIALS = ['orchestrator', 'scavenger', 'scheduler', 'worker-assistant'] as const;
export type Essential = (typeof ESSENTIALS)[number];

/** The id of the tables stack: `cdk deploy SoswTables`. */
export const TABLES_STACK_ID = 'SoswTables';

const ESSENTIAL_STACK_IDS: Readonly<Record<Essential, string>> = {
  orchestrator: 'SoswOrchestrator',
  scavenger: 'SoswScavenger',
  scheduler: 'SoswScheduler',
  'worker-assistant': 'SoswWorkerAssistant',
};

/**
 * The construct id of an essential's stack, which is what `cdk deploy` selects: the same in every stage.
 *
 * @example
 * essentialStackId('worker-assistant'); // 'SoswWorkerAssistant'
 */
export function essentialStackId(essential: Essential): string {
  return ESSENTIAL_STACK_IDS[essential];
}

/**
 * The CloudFormation name of a stack in a stage: the construct id with the stage after it.
 *
 * @example
 * stackName('SoswTables', 'dev'); // 'SoswTables-dev'
 */
export function stackName(stackId: string, stage: string): string {
  return `${stackId}-${stage}`;
}

/**
 * An essential's Lambda function name, which is also its IAM role's name. The services read their own
 * config row as `<function name>_config`, and the worker SDK finds the worker-assistant by this name.
 *
 * @example
 * essentialFunctionName('dev', 'worker-assistant'); // 'dev_sosw_worker_assistant'
 */
export function essentialFunctionName(stage: string, essential: Essential): string {
  return `${stage}_sosw_${essential.replaceAll('-', '_')}`;
}

/**
 * A labourer's Lambda function name: `<stage>_<labourer id>`.
 *
 * @example
 * labourerFunctionName('dev', 'importer'); // 'dev_importer'
 */
export function labourerFunctionName(stage: string, labourerId: string): string {
  return `${stage}_${labourerId}`;
}

/**
 * The Lambda function name of a worker that is not a labourer: `<stage>_<worker name>`, with `_` for `-`,
 * the name a labourer of the same worker would have (its id defaults to the worker name that way).
 *
 * @example
 * workerFunctionName('dev', 'order-indexer'); // 'dev_order_indexer'
 */
export function workerFunctionName(stage: string, workerName: string): string {
  return labourerFunctionName(stage, workerName.replaceAll('-', '_'));
}

/**
 * The construct id of a worker's stack: `cdk deploy SoswWorker-importer` (what `pnpm deploy:worker importer` runs).
 *
 * @example
 * workerStackId('importer'); // 'SoswWorker-importer'
 */
export function workerStackId(workerName: string): string {
  return `SoswWorker-${workerName}`;
}
