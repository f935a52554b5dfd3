import type { TriggerInput } from '@sosw/worker';
import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bundleCode, parseTriggers, WorkerStack } from '../../src/index.js';
import { policyStatements, settingsFrom, WORKER_FIXTURE } from '../helpers/app.js';

/** The worker-stack shapes a trigger can live in. */
export type WorkerShape = 'function' | 'labourer';

/**
 * A `SoswWorker-orders` stack (stage `dev`) whose one function (a plain worker function unless `shape` is
 * `labourer`, timeout 30 s) has `triggers`, written as a worker's app declares them (defaults filled here).
 */
export function workerWith(
  triggers: readonly TriggerInput[],
  { shape = 'function', context = {} }: { shape?: WorkerShape; context?: Record<string, unknown> } = {},
): { app: App; stack: WorkerStack; template: Template } {
  const app = new App();
  const code = bundleCode(WORKER_FIXTURE);
  const timeout = Duration.seconds(30);
  const stack = new WorkerStack(app, {
    settings: settingsFrom(context),
    workerName: 'orders',
    triggers: parseTriggers(triggers),
    ...(shape === 'function' ? { function: { code, timeout } } : { labourer: { code, timeout } }),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The function's role's statements, as `actions -> resource` lines (the role made by `FunctionLogs`). */
export function functionStatements(stack: WorkerStack): string[] {
  return policyStatements(stack)
    .filter(({ roles }) => /^\$\{(Worker|Labourer)LogsRole\}$/.test(roles))
    .map(({ actions, resource }) => `${actions} -> ${resource}`);
}

/** The one resource of `type` in the template, its properties. */
export function onlyResource(template: Template, type: string): Record<string, unknown> {
  const found = Object.values(template.findResources(type)) as { Properties: Record<string, unknown> }[];
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!.Properties;
}
