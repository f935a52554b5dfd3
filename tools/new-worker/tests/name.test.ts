import { describe, expect, it } from 'vitest';
import {
  camelCaseOf,
  checkWorkerName,
  InvalidWorkerNameError,
  labourerIdOf,
  packageNameOf,
} from '../src/index.js';

describe('checkWorkerName', () => {
  it.each(['abc', 'stats-puller', 'pull-stats-2', 'a1b', 'x'.repeat(40)])('accepts %s', (name) => {
    expect(checkWorkerName(name)).toBe(name);
  });

  it.each([
    ['ab', 'it has 2 characters'],
    ['x'.repeat(41), 'it has 41 characters'],
    ['', 'it has 0 characters'],
    ['Stats-puller', 'it is not lowercase kebab-case'],
    ['stats_puller', 'it is not lowercase kebab-case'],
    ['stats--puller', 'it is not lowercase kebab-case'],
    ['stats-puller-', 'it is not lowercase kebab-case'],
    ['-stats', 'it is not lowercase kebab-case'],
    ['2stats', 'it is not lowercase kebab-case'],
    ['stats puller', 'it is not lowercase kebab-case'],
    ['../escape', 'it is not lowercase kebab-case'],
    ['sosw-thing', 'its prefix is reserved'],
    ['soswish', 'its prefix is reserved'],
    ['example-thing', 'its prefix is reserved'],
  ])('refuses %j (%s), quoting it and stating the rule', (name, why) => {
    const error = (() => {
      try {
        checkWorkerName(name);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidWorkerNameError);
    expect((error as Error).message).toContain(`worker name "${name}" is not allowed (${why})`);
    expect((error as Error).message).toContain(
      '3-40 characters of lowercase letters, digits and single hyphens',
    );
    expect((error as Error).message).toContain('does not start with "sosw" or "example-"');
  });

  it('allows "examples-..." and names containing sosw later on: only the prefixes are reserved', () => {
    expect(checkWorkerName('examples-x')).toBe('examples-x');
    expect(checkWorkerName('my-sosw')).toBe('my-sosw');
  });
});

describe('derived names', () => {
  it('labourer id (snake_case), camelCase and package name', () => {
    expect(labourerIdOf('stats-puller-2')).toBe('stats_puller_2');
    expect(camelCaseOf('stats-puller-2')).toBe('statsPuller2');
    expect(camelCaseOf('abc')).toBe('abc');
    expect(packageNameOf('stats-puller')).toBe('@sosw/stats-puller');
  });
});
