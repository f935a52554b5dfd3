import type { Key } from './types.js';

/**
 * A key as error messages show it: `{"task_id":"t1"}`. Binary values show as their length, not their
 * bytes, so messages stay short and never leak payloads.
 */
export function describeKey(key: Key | undefined): string {
  if (key === undefined) return '(key unknown)';
  return JSON.stringify(key, (_name, value: unknown) =>
    value instanceof Uint8Array ? `<${value.byteLength} bytes>` : value,
  );
}
