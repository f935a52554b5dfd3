import { DEFAULT_CONFIG_ENV } from '@sosw/core';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { InfraContextError } from './errors.js';

/** The context keys the app reads (`cdk synth -c stage=prod`, or `context` in `cdk.json`). */
export const CONTEXT_KEYS = {
  stage: 'stage',
  tablePrefix: 'tablePrefix',
  configEnv: 'configEnv',
  deletionProtection: 'deletionProtection',
  logRetentionDays: 'logRetentionDays',
  continuationExpiryDays: 'continuationExpiryDays',
  alarmTopicArn: 'alarmTopicArn',
  deadLetterTopicArn: 'deadLetterTopicArn',
} as const;

/** What one deployment (a stage) of sosw looks like; every stack and construct of the app takes it. */
export interface SoswSettings {
  /** `dev`, `prod`, ...: part of every stack, function and role name. Default `dev`. */
  readonly stage: string;
  /** Prefix of every table name (`SOSW_TABLE_PREFIX`). Default `<stage>_`; may be empty. */
  readonly tablePrefix: string;
  /** The `env` key of the config rows the services read (`SOSW_ENV`). Default `production`, as in sosw. */
  readonly configEnv: string;
  /** DynamoDB deletion protection, and RETAIN on delete for tables, bucket and log groups. Default `true`. */
  readonly deletionProtection: boolean;
  /** Retention of every Lambda log group, in days (a value CloudWatch Logs accepts). Default 30. */
  readonly logRetentionDays: RetentionDays;
  /** Days after which the scheduler's continuation files expire from S3. Default 7. */
  readonly continuationExpiryDays: number;
  /** An SNS topic told when an alarm fires or clears. Default: alarms without actions. */
  readonly alarmTopicArn?: string | undefined;
  /** An SNS topic the scavenger tells of every buried task (`dead_letter_topic_arn`). Default: none. */
  readonly deadLetterTopicArn?: string | undefined;
}

export const DEFAULT_STAGE = 'dev';
export const DEFAULT_LOG_RETENTION_DAYS = RetentionDays.ONE_MONTH;
export const DEFAULT_CONTINUATION_EXPIRY_DAYS = 7;

// Short enough for `<stage>_sosw_worker_assistant` (a function and role name, at most 64) with room for
// labourer ids; no underscores, because stack names allow only letters, digits and hyphens.
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;
// The characters DynamoDB allows in a table name.
const TABLE_PREFIX_PATTERN = /^[A-Za-z0-9_.-]{0,64}$/;
const CONFIG_ENV_PATTERN = /^\S{1,64}$/;
const SNS_TOPIC_ARN_PATTERN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const RETENTION_DAYS: ReadonlyMap<number, RetentionDays> = new Map(
  Object.values(RetentionDays)
    .filter((value): value is RetentionDays => typeof value === 'number')
    .map((value) => [value as number, value]),
);

/** Reads one raw context value; `undefined` when the key is not set. */
export type ContextReader = (key: string) => unknown;

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function optionalString(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new InfraContextError(key, `expected a string, got ${describe(value)}`);
  return value;
}

// `-c key=value` always gives strings; cdk.json may give real booleans and numbers. Both are accepted.
function booleanValue(read: ContextReader, key: string, fallback: boolean): boolean {
  const value = read(key);
  if (value === undefined || value === null) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new InfraContextError(key, `expected true or false, got ${describe(value)}`);
}

function wholeNumber(read: ContextReader, key: string, fallback: number): number {
  const value = read(key);
  if (value === undefined || value === null) return fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    throw new InfraContextError(key, `expected a whole number of days, at least 1, got ${describe(value)}`);
  }
  return number;
}

function topicArn(read: ContextReader, key: string): string | undefined {
  const value = optionalString(read, key);
  if (value === undefined || value === '') return undefined;
  if (!SNS_TOPIC_ARN_PATTERN.test(value)) {
    throw new InfraContextError(
      key,
      `${describe(value)} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
    );
  }
  return value;
}

/**
 * Parses the app's context into `SoswSettings`, with the defaults filled in. Pure: give it any reader.
 *
 * @throws InfraContextError naming the key, for a value that cannot be used
 *
 * @example
 * const settings = parseSoswSettings((key) => ({ stage: 'prod', deletionProtection: 'true' })[key]);
 * settings.tablePrefix; // 'prod_'
 */
export function parseSoswSettings(read: ContextReader): SoswSettings {
  const stage = optionalString(read, CONTEXT_KEYS.stage) ?? DEFAULT_STAGE;
  if (!STAGE_PATTERN.test(stage)) {
    throw new InfraContextError(
      CONTEXT_KEYS.stage,
      `${describe(stage)} is not a stage name: lowercase letters, digits and hyphens, starting with a letter, at most 16`,
    );
  }
  const tablePrefix = optionalString(read, CONTEXT_KEYS.tablePrefix) ?? `${stage}_`;
  if (!TABLE_PREFIX_PATTERN.test(tablePrefix)) {
    throw new InfraContextError(
      CONTEXT_KEYS.tablePrefix,
      `${describe(tablePrefix)} cannot start a DynamoDB table name: letters, digits, "_", "-" and "." only`,
    );
  }
  const configEnv = optionalString(read, CONTEXT_KEYS.configEnv) ?? DEFAULT_CONFIG_ENV;
  if (!CONFIG_ENV_PATTERN.test(configEnv)) {
    throw new InfraContextError(
      CONTEXT_KEYS.configEnv,
      `${describe(configEnv)} is not a config env: 1-64 characters, no spaces`,
    );
  }
  const retention = wholeNumber(read, CONTEXT_KEYS.logRetentionDays, DEFAULT_LOG_RETENTION_DAYS);
  const logRetentionDays = RETENTION_DAYS.get(retention);
  if (logRetentionDays === undefined) {
    throw new InfraContextError(
      CONTEXT_KEYS.logRetentionDays,
      `CloudWatch Logs cannot keep logs for ${retention} days; use one of ${[...RETENTION_DAYS.keys()].join(', ')}`,
    );
  }
  return {
    stage,
    tablePrefix,
    configEnv,
    deletionProtection: booleanValue(read, CONTEXT_KEYS.deletionProtection, true),
    logRetentionDays,
    continuationExpiryDays: wholeNumber(
      read,
      CONTEXT_KEYS.continuationExpiryDays,
      DEFAULT_CONTINUATION_EXPIRY_DAYS,
    ),
    alarmTopicArn: topicArn(read, CONTEXT_KEYS.alarmTopicArn),
    deadLetterTopicArn: topicArn(read, CONTEXT_KEYS.deadLetterTopicArn),
  };
}

/**
 * The settings of the app a construct belongs to, from its context.
 *
 * @example
 * const app = new App({ context: { stage: 'prod' } });
 * soswSettings(app).stage; // 'prod'
 */
export function soswSettings(scope: Construct): SoswSettings {
  return parseSoswSettings((key) => scope.node.tryGetContext(key));
}
