import { app } from './app.js';

/** The Lambda entry point (`dist/handler.js`, export `handler`). */
export const handler = app.handler();
