import { seededRandom, type Random } from '@sosw/testing';

/** The variable that replays one seed: `CHAOS_SEED=123456 pnpm test:chaos`. */
export const SEED_VARIABLE = 'CHAOS_SEED';

/**
 * The seeds a scenario runs: the one in `CHAOS_SEED` if set (to replay a failure), else `count` seeds
 * drawn from the clock, so that every CI run explores new ones. Each is printed by the scenario as
 * `seed=<n>`.
 *
 * @throws Error naming `CHAOS_SEED` when it is set but not a whole number
 *
 * @example
 * for (const seed of scenarioSeeds(3)) await runScenario(seed);
 */
export function scenarioSeeds(
  count: number,
  variables: Readonly<Record<string, string | undefined>> = process.env,
): number[] {
  const given = variables[SEED_VARIABLE];
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new Error(`${SEED_VARIABLE} must be a whole number from 0, got "${given}"`);
    }
    return [seed];
  }
  const first = Date.now() % 1_000_000_007;
  return Array.from({ length: count }, (_, n) => (first + n * 7_919) % 2_147_483_647);
}

/**
 * Independent generators for the separate concerns of one scenario (kill moments, worker outcomes, fault
 * decisions), all derived from one seed: a change in how often one is drawn does not shift the others.
 *
 * @example
 * const random = seededStreams(42);
 * random.kills(); // the same number for seed 42, however often random.workers() was called before
 */
export function seededStreams(seed: number): Record<'kills' | 'workers' | 'faults' | 'services', Random> {
  return {
    kills: seededRandom(seed),
    workers: seededRandom(seed ^ 0x5bd1e995),
    faults: seededRandom(seed ^ 0x27d4eb2f),
    services: seededRandom(seed ^ 0x165667b1),
  };
}

/** A whole number from `min` to `max` (both included), from `random`. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
