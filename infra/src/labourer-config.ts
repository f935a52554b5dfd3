import type { JsonObject } from '@sosw/core';

/** What a labourer's config entry is built from (camelCase here, sosw's snake_case in the entry). */
export interface LabourerConfigInput {
  /** The worker Lambda the orchestrator invokes. */
  readonly arn: string;
  readonly maxSimultaneousInvocations?: number | undefined;
  readonly maxAttempts?: number | undefined;
  /** Seconds after the Lambda timeout before an unfinished task counts as expired. */
  readonly cooldownSeconds?: number | undefined;
  /** `@sosw/ecology` health metrics, as they go into the config. */
  readonly healthMetrics?: JsonObject | undefined;
}

/**
 * A labourer's entry under `task_config.labourers.<id>`, in sosw's shape. `duration` is left out on
 * purpose: the essentials then read the Lambda's timeout, so the two can never disagree.
 *
 * @example
 * labourerConfigEntry({ arn: 'arn:aws:lambda:eu-west-1:123456789012:function:dev_importer', maxSimultaneousInvocations: 10 });
 * // { arn: 'arn:...:function:dev_importer', max_simultaneous_invocations: 10 }
 */
export function labourerConfigEntry(input: LabourerConfigInput): JsonObject {
  const entry: JsonObject = { arn: input.arn };
  if (input.maxSimultaneousInvocations !== undefined)
    entry.max_simultaneous_invocations = input.maxSimultaneousInvocations;
  if (input.maxAttempts !== undefined) entry.max_attempts = input.maxAttempts;
  if (input.cooldownSeconds !== undefined) entry.cooldown = input.cooldownSeconds;
  if (input.healthMetrics !== undefined) entry.health_metrics = input.healthMetrics;
  return entry;
}

/**
 * The config document that adds one labourer: merged (deeply) into the `sosw_essential_config` row, it
 * adds or replaces this labourer and leaves the others alone.
 *
 * @example
 * labourerConfigPatch('importer', { arn: '...' }); // { task_config: { labourers: { importer: { arn: '...' } } } }
 */
export function labourerConfigPatch(labourerId: string, entry: JsonObject): JsonObject {
  return { task_config: { labourers: { [labourerId]: entry } } };
}
