export { parseCommandLine, USAGE, type CommandLine } from './command-line.js';
export {
  createWorker,
  DEFAULT_TEMPLATE_DIR,
  type CreatedWorker,
  type CreateWorkerOptions,
} from './create.js';
export {
  InvalidWorkerNameError,
  NewWorkerError,
  TemplateError,
  UsageError,
  WorkerExistsError,
} from './errors.js';
export {
  camelCaseOf,
  checkWorkerName,
  labourerIdOf,
  NAME_LENGTH,
  NAME_RULE,
  packageNameOf,
  RESERVED_PREFIXES,
} from './name.js';
export { renderedPath, renderTemplate, TEMPLATE_SUFFIX, templateVars, type TemplateVars } from './render.js';
export { findWorkspaceRoot, WORKSPACE_FILE, workspaceGlobs, workspacePackages } from './workspace.js';
export { registerWithInfra } from './infra.js';
export {
  checkWorkerKind,
  DEFAULT_WORKER_KIND,
  TEMPLATES_DIR,
  templateSetsOf,
  WORKER_KINDS,
  type WorkerKind,
} from './kinds.js';
