export { LOCAL_CREDENTIALS, LOCAL_REGION } from './credentials.js';
export { createTestTables, uniqueTablePrefix, type TestTables } from './tables.js';
