import type { Labourer, ResourceConfig, TaskConfig } from '@sosw/task-manager';
import type { HealthMetrics } from '@sosw/ecology';

/** A shared downstream of several labourers, as the dispatcher budgets it. */
export interface Resource {
  readonly name: string;
  /** Tasks running at once across its labourers, at most, before the ecology scales it. */
  readonly maxSimultaneous: number;
  readonly healthMetrics: HealthMetrics;
}

/**
 * Labourers that are dispatched together, by one holder of all their leases: those linked by a shared
 * resource (directly, or through other labourers). A labourer that shares nothing is a group of its own,
 * dispatched exactly as before resources existed.
 */
export interface DispatchGroup {
  /** In id order: the order their leases are taken in, so two runs never each hold half a group. */
  readonly labourers: readonly Labourer[];
  /** The resources its labourers use, in name order. */
  readonly resources: readonly Resource[];
}

/** The resources of `task_config.resources`, by name. */
export function resourcesOf(taskConfig: Pick<TaskConfig, 'resources'>): Map<string, Resource> {
  return new Map(
    Object.entries(taskConfig.resources).map(([name, config]: [string, ResourceConfig]) => [
      name,
      { name, maxSimultaneous: config.max_simultaneous, healthMetrics: config.health_metrics },
    ]),
  );
}

/**
 * The dispatch groups of `labourers`: the connected parts of the graph whose edges are shared resources.
 *
 * @example
 * dispatchGroups([a (uses db), b (uses db, api), c (uses api), d], resources)
 * // [{ labourers: [a, b, c], resources: [api, db] }, { labourers: [d], resources: [] }]
 */
export function dispatchGroups(
  labourers: readonly Labourer[],
  resources: ReadonlyMap<string, Resource>,
): DispatchGroup[] {
  // Union-find over labourer ids, joined through each resource's first user.
  const parent = new Map(labourers.map((labourer) => [labourer.id, labourer.id]));
  const root = (id: string): string => {
    const up = parent.get(id) ?? id;
    if (up === id) return id;
    const top = root(up);
    parent.set(id, top);
    return top;
  };
  const firstUser = new Map<string, string>();
  for (const labourer of labourers) {
    for (const name of labourer.resources ?? []) {
      const first = firstUser.get(name);
      if (first === undefined) firstUser.set(name, labourer.id);
      else parent.set(root(labourer.id), root(first));
    }
  }
  const members = new Map<string, Labourer[]>();
  for (const labourer of [...labourers].sort((a, b) => a.id.localeCompare(b.id))) {
    const top = root(labourer.id);
    members.set(top, [...(members.get(top) ?? []), labourer]);
  }
  return [...members.values()].map((group) => ({
    labourers: group,
    resources: [...new Set(group.flatMap((labourer) => labourer.resources ?? []))]
      .sort()
      .flatMap((name) => resources.get(name) ?? []),
  }));
}
