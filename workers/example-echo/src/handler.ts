import { echoWorker } from './worker.js';

/** The Lambda entry point (`dist/handler.js`, export `handler`). */
export const handler = echoWorker();
