export * from './greenfield.js';
export * from './retry-delay.js';
