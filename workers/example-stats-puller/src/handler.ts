import { statsPullerWorker } from './worker.js';

/** The Lambda entry point (`dist/handler.js`, export `handler`); the results table comes from the environment. */
export const handler = statsPullerWorker();
