export { allowedHosts, newAccessToken, type ListenAddress } from './access.js';
export { createDashboardApp, type DashboardAppOptions } from './app.js';
export { loadAssets, type Asset, type AssetName } from './assets.js';
export { latestBuried, type BuriedTask } from './buried.js';
export { cached, type Cached } from './cache.js';
export {
  DashboardData,
  THROUGHPUT_HOURS,
  type DashboardDataOptions,
  type RedrivePreview,
  type TaskView,
  type ThroughputHours,
  type ThroughputView,
} from './data.js';
export { DashboardForbiddenError, DashboardNotFoundError, DashboardRequestError } from './errors.js';
export { readFigures, type Figures } from './figures.js';
export { guard, type DashboardAccess } from './guard.js';
export { QueueHistory, type QueueSample } from './queue-history.js';
export { RedriveTokens, REDRIVE_TOKEN_TTL_MS, type RedriveRequest } from './redrive-tokens.js';
export { readThroughput, type Throughput } from './throughput.js';
export {
  DEFAULT_DASHBOARD_PORT,
  startDashboard,
  type DashboardOptions,
  type RunningDashboard,
} from './server.js';
