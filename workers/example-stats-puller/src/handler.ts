import { app } from './app.js';

/**
 * The Lambda entry point (`dist/handler.js`, export `handler`): sosw tasks go to `pullStats`, the
 * `daily-accounts` schedule to `scheduleDailyJob`. The results table comes from the environment.
 */
export const handler = app.handler();
