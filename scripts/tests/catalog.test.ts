import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The workspace catalog of pnpm-workspace.yaml: package name → version. */
function catalog(): Map<string, string> {
  const text = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^catalog:\n((?:(?: {2}.*)?\n)*)/m.exec(text)?.[1] ?? '';
  const entries = new Map<string, string>();
  for (const line of block.split('\n')) {
    const entry = /^ {2}'?([^'#\s][^':]*)'?: (\S+)$/.exec(line);
    if (entry) entries.set(entry[1]!, entry[2]!);
  }
  return entries;
}

const versionsOf = (prefix: string) =>
  new Set([...catalog()].filter(([name]) => name.startsWith(prefix)).map(([, version]) => version));

describe('the workspace catalog', () => {
  it('is read', () => {
    expect(catalog().get('vitest')).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('has one version of the AWS SDK clients and lib-dynamodb', () => {
    expect(versionsOf('@aws-sdk/').size).toBe(1);
  });

  it('has one version of the Powertools packages', () => {
    expect(versionsOf('@aws-lambda-powertools/').size).toBe(1);
  });

  it('has @middy/core at the version of the middy middlewares', () => {
    expect(versionsOf('@middy/').size).toBe(1);
  });
});
