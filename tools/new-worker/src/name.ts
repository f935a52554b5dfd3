import { InvalidWorkerNameError } from './errors.js';

/** Shortest and longest worker name. */
export const NAME_LENGTH = { min: 3, max: 40 } as const;

/** Lowercase words of letters and digits joined by single hyphens, starting with a letter. */
const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Prefixes kept for the project: `sosw` names its own packages, `example-` its shipped workers. */
export const RESERVED_PREFIXES = ['sosw', 'example-'] as const;

/** The naming rule, as the error message states it. */
export const NAME_RULE =
  `a worker name is ${NAME_LENGTH.min}-${NAME_LENGTH.max} characters of lowercase letters, digits and single hyphens, ` +
  `starting with a letter and not ending with a hyphen (e.g. "stats-puller"), ` +
  `and does not start with ${RESERVED_PREFIXES.map((prefix) => `"${prefix}"`).join(' or ')}`;

/**
 * Checks a worker name against the rule: kebab-case (it becomes a folder, a package name `@sosw/<name>` and,
 * with `_` for `-`, a labourer id and Lambda function name), 3-40 characters, not reserved.
 *
 * @throws {InvalidWorkerNameError} quoting the name and stating the rule
 *
 * @example
 * checkWorkerName('stats-puller'); // returns 'stats-puller'
 * checkWorkerName('StatsPuller'); // throws: worker name "StatsPuller" is not allowed: a worker name is ...
 */
export function checkWorkerName(name: string): string {
  const why =
    name.length < NAME_LENGTH.min || name.length > NAME_LENGTH.max
      ? `it has ${name.length} characters`
      : !KEBAB_CASE.test(name)
        ? 'it is not lowercase kebab-case'
        : RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))
          ? 'its prefix is reserved'
          : undefined;
  if (why !== undefined) {
    throw new InvalidWorkerNameError(`worker name "${name}" is not allowed (${why}): ${NAME_RULE}`);
  }
  return name;
}

/**
 * The labourer id of a worker: its name in snake_case, as sosw's labourer ids and Lambda names are.
 *
 * @example
 * labourerIdOf('stats-puller'); // 'stats_puller'
 */
export function labourerIdOf(name: string): string {
  return name.replaceAll('-', '_');
}

/**
 * The camelCase of a worker name, for identifiers in its code.
 *
 * @example
 * camelCaseOf('stats-puller-2'); // 'statsPuller2'
 */
export function camelCaseOf(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * The npm package name of a worker.
 *
 * @example
 * packageNameOf('stats-puller'); // '@sosw/stats-puller'
 */
export function packageNameOf(name: string): string {
  return `@sosw/${name}`;
}
