export {
  DEFAULT_FUNCTION_NAME,
  DEFAULT_LABOURER_REFRESH_SECONDS,
  loadWorkerAssistantConfig,
  workerAssistantConfigSchema,
  workerAssistantFunctionName,
  type WorkerAssistantConfig,
  type WorkerAssistantConfigInput,
} from './config.js';
export {
  parseWorkerEvent,
  WORKER_ACTIONS,
  workerEventSchema,
  type WorkerAction,
  type WorkerEvent,
  type WorkerEventInput,
} from './event.js';
export { UnknownLabourerError } from './errors.js';
// Kept for code that imported the limits from here before they moved to core, beside the worker SDK's check.
export { REPORT_LIMITS } from '@sosw/core';
export { LabourerTimings, type LabourerTimingsOptions } from './labourer-timings.js';
export { WORKER_ASSISTANT_STATS } from './stat-names.js';
export type { ReportOutcome, WorkerAssistantLogger, WorkerAssistantResult } from './types.js';
export { WorkerAssistant, type HandleOptions, type WorkerAssistantOptions } from './worker-assistant.js';
