/**
 * Epoch seconds (or milliseconds with `ms`) as `2025-06-01 12:34:56 UTC`: one time zone for every page,
 * the server's and the browser's alike.
 *
 * @example
 * ```ts
 * utc(0); // '1970-01-01 00:00:00 UTC'
 * ```
 */
export function utc(epoch: number, unit: 's' | 'ms' = 's'): string {
  const ms = unit === 's' ? epoch * 1000 : epoch;
  if (!Number.isFinite(ms)) return String(epoch);
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A row as indented JSON, with `payload` (a JSON string in sosw's rows) shown as the object it holds.
 *
 * @example
 * ```ts
 * prettyRow({ task_id: 't1', payload: '{"n":1}' }); // '{\n  "task_id": "t1",\n  "payload": {\n    "n": 1\n  }\n}'
 * ```
 */
export function prettyRow(row: object): string {
  const payload: unknown = (row as { payload?: unknown }).payload;
  if (typeof payload !== 'string') return JSON.stringify(row, null, 2);
  try {
    return JSON.stringify({ ...row, payload: JSON.parse(payload) as unknown }, null, 2);
  } catch {
    return JSON.stringify(row, null, 2);
  }
}

/** The query string of a link, without the parameters left undefined. */
export function query(params: Record<string, string | number | undefined>): string {
  const defined = Object.entries(params).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  );
  return defined.length === 0
    ? ''
    : `?${new URLSearchParams(defined.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}
