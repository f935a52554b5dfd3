export { checkInvariants, formatViolations } from './invariants/check-invariants.js';
export { readSnapshot, scanAll, taskInvocations } from './invariants/read-snapshot.js';
export {
  DEFAULT_SAMPLE_INTERVAL_MS,
  RunningSampler,
  type RunningSamplerOptions,
  type SamplerFigures,
} from './invariants/running-sampler.js';
export type {
  Expectations,
  RunningSample,
  SystemSnapshot,
  TaskInvocation,
  Violation,
  ViolationKind,
} from './invariants/types.js';
export { between, scenarioSeeds, seededStreams, SEED_VARIABLE } from './seed.js';
export { ServiceProcess, type ServiceProcessOptions } from './services/service-runner.js';
export { SERVICE_NAMES, type ServiceName } from './services/service-names.js';
export {
  freePort,
  LABOURER_ID,
  startChaosSystem,
  type ChaosLabourer,
  type ChaosSystem,
  type ChaosSystemOptions,
} from './system/chaos-system.js';
export {
  chaosWorker,
  workerFate,
  workMsOf,
  WORKER_ASSISTANT,
  type WorkerBehaviour,
  type WorkerFate,
} from './system/worker.js';
export { killAtRandom, scheduleUntilDone, type KillOptions } from './scenario/kills.js';
export { formatSummary, report, type ScenarioSummary } from './scenario/summary.js';
