import { vi } from 'vitest';

/**
 * Captures the JSON lines Powertools' Logger writes (INFO to stdout, ERROR to stderr) until the test
 * ends; vitest's `restoreMocks` gives the streams back. `lines()` parses each line, in order.
 */
export function captureLogs(): { lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(record);
  vi.spyOn(process.stderr, 'write').mockImplementation(record);
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
