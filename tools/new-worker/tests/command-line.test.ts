import { describe, expect, it } from 'vitest';
import { checkWorkerKind, parseCommandLine, templateSetsOf, UsageError, WORKER_KINDS } from '../src/index.js';

describe('parseCommandLine', () => {
  it('makes an orchestrated worker unless --trigger says otherwise', () => {
    expect(parseCommandLine(['demo-thing', '--no-install'])).toEqual({
      name: 'demo-thing',
      kind: 'orchestrated',
      install: false,
      root: undefined,
    });
    expect(parseCommandLine(['order-indexer', '--trigger', 'queue', '--root', '/w'])).toEqual({
      name: 'order-indexer',
      kind: 'queue',
      install: true,
      root: '/w',
    });
  });

  it.each(WORKER_KINDS)('accepts --trigger %s', (kind) => {
    expect(parseCommandLine(['demo-thing', `--trigger=${kind}`]).kind).toBe(kind);
  });

  it('refuses an unknown --trigger, naming the allowed values', () => {
    expect(() => parseCommandLine(['demo-thing', '--trigger', 'sqs'])).toThrow(
      new UsageError(
        '--trigger "sqs" is not a kind of worker: queue, schedule, topic, object, stream or orchestrated',
      ),
    );
    expect(() => parseCommandLine(['demo-thing', '--trigger'])).toThrow(UsageError);
  });
});

describe('templateSetsOf', () => {
  it('renders an orchestrated worker from its own set, a triggered one from the app set and its kind on top', () => {
    expect(templateSetsOf('orchestrated')).toEqual(['worker']);
    expect(templateSetsOf('stream')).toEqual(['app', 'app-stream']);
    expect(templateSetsOf(checkWorkerKind('topic'))).toEqual(['app', 'app-topic']);
  });
});
