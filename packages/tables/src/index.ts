export { INDEXES, TABLES, TABLE_KEYS, type TableDefinition, type TableKey } from './definitions.js';
export { tableName, tableNames } from './names.js';
export { createTableInput } from './create-table-input.js';
