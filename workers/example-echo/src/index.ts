export { echo, type EchoResult } from './echo.js';
export { LABOURER_ID } from './labourer.js';
export { echoWorker } from './worker.js';
