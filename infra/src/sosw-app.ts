import { Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SoswSettings } from './context.js';
import { TABLES_STACK_ID } from './naming.js';
import { OrchestratorStack } from './orchestrator-stack.js';
import { ScavengerStack } from './scavenger-stack.js';
import { SchedulerStack } from './scheduler-stack.js';
import { TablesStack } from './tables-stack.js';
import { WorkerAssistantStack } from './worker-assistant-stack.js';

/** The stacks of one stage of sosw, without workers. */
export interface SoswStacks {
  readonly tables: TablesStack;
  readonly orchestrator: OrchestratorStack;
  readonly scavenger: ScavengerStack;
  readonly scheduler: SchedulerStack;
  readonly workerAssistant: WorkerAssistantStack;
}

/**
 * Adds the tables stack and the four essential stacks of a stage to an app, and tags everything with
 * `sosw:stage`. The stacks are independent (no exports between them): each deploys on its own, tables
 * first.
 *
 * @example
 * const app = new App();
 * const settings = soswSettings(app);
 * addSoswStacks(app, settings);
 */
export function addSoswStacks(app: Construct, settings: SoswSettings): SoswStacks {
  Tags.of(app).add('sosw:stage', settings.stage);
  return {
    tables: new TablesStack(app, TABLES_STACK_ID, { settings }),
    orchestrator: new OrchestratorStack(app, { settings }),
    scavenger: new ScavengerStack(app, { settings }),
    scheduler: new SchedulerStack(app, { settings }),
    workerAssistant: new WorkerAssistantStack(app, { settings }),
  };
}
