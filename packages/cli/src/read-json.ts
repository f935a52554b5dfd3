import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

/** Reads all of a stream as text (stdin for `-`). */
async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON object from a file, or from stdin when the path is `-` (or missing); a missing file or bad
 * JSON is a `UsageError` naming the source.
 *
 * @example
 * ```ts
 * const job = await readJsonObject('job.json');
 * ```
 */
export async function readJsonObject(
  path: string | undefined,
  stdin: AsyncIterable<unknown> = process.stdin,
): Promise<Record<string, unknown>> {
  const source = path === undefined || path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = source === 'stdin' ? await readAll(stdin) : await readFile(source, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${source} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}
