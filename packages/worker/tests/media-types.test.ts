import { ValidationError } from '@sosw/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MediaTypeError, MediaTypes, WorkerOptionError } from '../src/index.js';

const stats = z.object({ account: z.number(), rows: z.number() });
const daily = z.object({ account: z.number(), day: z.iso.date() });
const anyStats = z.object({ kind: z.literal('v2') });

describe('MediaTypes', () => {
  const registry = new MediaTypes()
    .register('application/vnd.sosw.stats.*', stats)
    .register('application/vnd.sosw.stats.daily', daily)
    .register('application/vnd.sosw.stats.daily.*', anyStats);

  it('finds a schema by exact match first, then by the longest prefix.* pattern', () => {
    expect(registry.schemaFor('application/vnd.sosw.stats.daily')).toBe(daily);
    expect(registry.schemaFor('application/vnd.sosw.stats.weekly')).toBe(stats);
    expect(registry.schemaFor('application/vnd.sosw.stats.daily.v2')).toBe(anyStats);
    expect(registry.has('application/vnd.sosw.stats')).toBe(false);
    expect(registry.has('application/vnd.sosw.stats.')).toBe(false);
    expect(() => registry.schemaFor('text/plain')).toThrow(MediaTypeError);
    expect(() => registry.schemaFor('text/plain')).toThrow(
      'no schema for media type "text/plain"; registered: application/vnd.sosw.stats.daily, application/vnd.sosw.stats.daily.*, application/vnd.sosw.stats.*',
    );
  });

  it('encode validates before it serializes; decode validates what it deserialized', () => {
    const text = registry.encode('application/vnd.sosw.stats.weekly', {
      account: 7,
      rows: 3,
      extra: 'dropped',
    });
    expect(text).toBe('{"account":7,"rows":3}');
    expect(registry.decode('application/vnd.sosw.stats.weekly', text)).toEqual({ account: 7, rows: 3 });
    expect(() => registry.encode('application/vnd.sosw.stats.weekly', { account: 7 })).toThrow(
      'message of media type application/vnd.sosw.stats.weekly is invalid: rows: expected number, got undefined (missing)',
    );
    expect(() => registry.decode('application/vnd.sosw.stats.daily', '{"account":1,"day":"monday"}')).toThrow(
      ValidationError,
    );
    expect(() => registry.decode('nope/nope', 'not even json')).toThrow(MediaTypeError);
  });

  it('refuses malformed or duplicate registrations', () => {
    expect(() => new MediaTypes().register('application/*.x', stats)).toThrow(WorkerOptionError);
    expect(() => new MediaTypes().register('application/x*', stats)).toThrow(WorkerOptionError);
    expect(() => new MediaTypes().register('', stats)).toThrow(WorkerOptionError);
    expect(() => new MediaTypes().register('a', stats).register('a', stats)).toThrow(
      'it is already registered',
    );
  });
});
