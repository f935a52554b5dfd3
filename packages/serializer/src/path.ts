/**
 * Paths name where in a value something was found, in JSONPath style: `$`, `$.payload.items[3]`,
 * `$["odd key"]`. Set members and map entries are numbered in iteration order: `$.tags[2]`,
 * `$.byId[0].key`, `$.byId[0].value`. Inside a registered class the path follows its `toJSON` output.
 */
export const ROOT_PATH = '$';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The path of a property of the object at `path`. */
export function propertyPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** The path of the `index`-th item of the array, set or map at `path`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}
