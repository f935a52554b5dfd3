import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName as soswTableName } from '@sosw/tables';
import { DEFAULT_CONFIG_ENV, ENV_VARS } from './constants.js';
import { isPlainObject } from './deep-merge.js';
import { ConfigError } from './errors.js';
import type { PlainObject } from './types.js';

/** Where config rows live; every field defaults from the environment, so a Lambda passes nothing. */
export interface ConfigTableOptions {
  /** The rows' `env` key. Default: `SOSW_ENV`, else `production`. */
  env?: string;
  /** The config table's name. Default: `config` under the prefix `SOSW_TABLE_PREFIX`. */
  tableName?: string;
  /**
   * The document client to read and write with. Default: one shared client built from the SDK's standard
   * settings, so `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_REGION` and the credential chain apply.
   */
  client?: DynamoDBDocumentClient;
  /** Environment variables to read the defaults from. Default: `process.env`. */
  variables?: Readonly<Record<string, string | undefined>>;
}

/** Where a row is: its table and its full key. */
export interface ConfigRowLocation {
  tableName: string;
  env: string;
  configName: string;
}

let sharedClient: DynamoDBDocumentClient | undefined;

/** One client per container: building a client per read would open a connection pool per read. */
function defaultClient(): DynamoDBDocumentClient {
  sharedClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return sharedClient;
}

/**
 * Resolves the table and key of a config row from the options and the environment.
 *
 * @example
 * configRowLocation('sosw_orchestrator_config', { variables: { SOSW_ENV: 'dev', SOSW_TABLE_PREFIX: 'dev_' } });
 * // { tableName: 'dev_config', env: 'dev', configName: 'sosw_orchestrator_config' }
 */
export function configRowLocation(configName: string, options: ConfigTableOptions = {}): ConfigRowLocation {
  const variables = options.variables ?? process.env;
  return {
    tableName: options.tableName ?? soswTableName('config', variables[ENV_VARS.tablePrefix]),
    env: options.env ?? variables[ENV_VARS.env] ?? DEFAULT_CONFIG_ENV,
    configName,
  };
}

/**
 * Reads one config row (`env` + `config_name`) and parses its `config_value`. A missing row is an empty
 * object, as in sosw: a service runs on its defaults until someone configures it.
 *
 * @param configName - the row's `config_name`, e.g. `sosw_orchestrator_config`
 * @throws ConfigError when the row's `config_value` is missing, not a string, not JSON, or not a JSON object
 *
 * @example
 * const essential = await getConfig('sosw_essential_config'); // {} when there is no such row
 */
export async function getConfig(configName: string, options: ConfigTableOptions = {}): Promise<PlainObject> {
  const where = configRowLocation(configName, options);
  const client = options.client ?? defaultClient();
  // ConsistentRead: an operator who just saved a config expects the next invocation to see it.
  const { Item } = await client.send(
    new GetCommand({
      TableName: where.tableName,
      Key: { env: where.env, config_name: where.configName },
      ConsistentRead: true,
    }),
  );
  if (Item === undefined) return {};
  return parseConfigValue(Item.config_value, describeRow(where));
}

/**
 * Writes a config row: `config_value` is the JSON of `value`, as sosw stores it. Replaces the row whole.
 *
 * @param configName - the row's `config_name`, e.g. `sosw_orchestrator_config`
 *
 * @example
 * await saveConfig('sosw_orchestrator_config', { task_config: { labourers: {} } }, { env: 'dev' });
 */
export async function saveConfig(
  configName: string,
  value: object,
  options: ConfigTableOptions = {},
): Promise<void> {
  if (!isPlainObject(value)) {
    throw new ConfigError(`config "${configName}" must be a plain JSON object, got ${describeType(value)}`);
  }
  const where = configRowLocation(configName, options);
  const client = options.client ?? defaultClient();
  await client.send(
    new PutCommand({
      TableName: where.tableName,
      Item: { env: where.env, config_name: where.configName, config_value: JSON.stringify(value) },
    }),
  );
}

/**
 * Parses a config document (a row's `config_value`, the `SOSW_CONFIG` variable) that must be a JSON object.
 *
 * @param source - names the document in errors: `config row "x_config" (env "production", table "config")`
 * @throws ConfigError naming `source` when the text is not a string holding a JSON object
 *
 * @example
 * parseConfigValue('{"a":1}', 'SOSW_CONFIG'); // { a: 1 }
 */
export function parseConfigValue(text: unknown, source: string): PlainObject {
  if (typeof text !== 'string') {
    throw new ConfigError(`${source}: config_value must be a string of JSON, got ${describeType(text)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${source} is not valid JSON: ${reason}`, [], { cause: error });
  }
  if (!isPlainObject(value)) {
    throw new ConfigError(`${source} must hold a JSON object, got ${describeType(value)}`);
  }
  return value;
}

/** How errors name a row. */
export function describeRow(where: ConfigRowLocation): string {
  return `config row "${where.configName}" (env "${where.env}", table "${where.tableName}")`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
