import type { LambdaClient } from '@aws-sdk/client-lambda';
import { systemClock, type Clock } from '@sosw/core';
import { resolveLabourers, type Labourer, type TaskConfig, type TaskManagerLogger } from '@sosw/task-manager';

/** How `LabourerTimings` finds and keeps labourers. */
export interface LabourerTimingsOptions {
  taskConfig: TaskConfig;
  /** Reads Lambda timeouts (the default `duration`). Default: `resolveLabourers`' own client. */
  lambda?: LambdaClient | undefined;
  /** How long a resolved labourer is kept, in seconds. */
  refreshSeconds: number;
  clock?: Clock | undefined;
  logger?: Pick<TaskManagerLogger, 'warn'> | undefined;
}

/**
 * The labourers a worker-assistant needs, resolved one at a time when first needed and kept for
 * `refreshSeconds`: a labourer without `duration` in config costs one `GetFunctionConfiguration` per
 * container every few minutes, not one per failure report. Reports that arrive together share one read.
 *
 * @example
 * const timings = new LabourerTimings({ taskConfig, refreshSeconds: 300 });
 * const labourer = await timings.get('worker'); // undefined when it is not configured
 */
export class LabourerTimings {
  readonly #options: LabourerTimingsOptions;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { resolvedAtMs: number; labourer: Promise<Labourer> }>();

  constructor(options: LabourerTimingsOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** The labourer with this id, resolved; `undefined` when `task_config.labourers` has no such id. */
  async get(labourerId: string): Promise<Labourer | undefined> {
    const { taskConfig } = this.#options;
    const config = Object.hasOwn(taskConfig.labourers, labourerId)
      ? taskConfig.labourers[labourerId]
      : undefined;
    if (config === undefined) return undefined;
    const nowMs = this.#clock.nowMs();
    const cached = this.#cache.get(labourerId);
    if (cached !== undefined && nowMs - cached.resolvedAtMs < this.#options.refreshSeconds * 1000) {
      return cached.labourer;
    }
    const labourer = resolveLabourers(
      // Just this one: the task_config level keys (max_attempts_<id>, ...) still apply.
      { ...taskConfig, labourers: { [labourerId]: config } },
      {
        ...(this.#options.lambda && { lambda: this.#options.lambda }),
        ...(this.#options.logger && { logger: this.#options.logger }),
      },
    ).then(([resolved]) => resolved as Labourer);
    this.#cache.set(labourerId, { resolvedAtMs: nowMs, labourer });
    labourer.catch(() => this.#cache.delete(labourerId)); // never keep a failure
    return labourer;
  }
}
