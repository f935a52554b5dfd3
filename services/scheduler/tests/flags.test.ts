import { describe, expect, it } from 'vitest';
import { batchSize, chunkingRequested, flagScope, isFlagSet, needsChunking } from '../src/index.js';
import { ATTRS, dig, funeralJob } from './helpers/factories.js';

type Job = Record<string, unknown>;

describe('flags', () => {
  it('reads isolate_* as set for true, numbers but 0, and strings but false words', () => {
    for (const yes of [true, 1, -1, 'True', 'yes', 'x']) expect(isFlagSet(yes)).toBe(true);
    for (const no of [false, 0, '', 'false', 'FALSE', ' 0 ', 'no', null, undefined, {}])
      expect(isFlagSet(no)).toBe(false);
  });

  it('takes both forms of a flag, the plural first', () => {
    expect(chunkingRequested({ isolate_store: true }, 'store')).toBe(true);
    expect(chunkingRequested({ isolate_stores: false, isolate_store: true }, 'store')).toBe(false);
    expect(chunkingRequested({ max_store_per_batch: 2 }, 'store')).toBe(true);
    expect(chunkingRequested({ isolate_sections: true }, 'store')).toBe(false);
    expect(batchSize({ max_stores_per_batch: 4 }, 'store')).toBe(4);
    expect(batchSize({}, 'store')).toBeUndefined();
  });

  it('scopes flags: the inner level over the outer, other keys ignored', () => {
    const outer = flagScope({}, { isolate_sections: true, max_stores_per_batch: 5, stores: [] }, ['job']);
    expect(outer).toEqual({ isolate_sections: true, max_stores_per_batch: 5 });
    expect(flagScope(outer, { max_stores_per_batch: 2, name: 'x' }, ['job'])).toEqual({
      isolate_sections: true,
      max_stores_per_batch: 2,
    });
    const none = {};
    expect(flagScope(none, { a: 1 }, ['job'])).toBe(none);
  });
});

describe('needsChunking (sosw test_needs_chunking__*)', () => {
  const needs = (attr: string, data: Job) =>
    needsChunking(data, ATTRS.indexOf(attr as never), ATTRS, {}, ['job']);

  it('isolate at the root', () => {
    const job: Job = funeralJob();
    expect(needs('section', job)).toBe(false);
    job.isolate_sections = true;
    expect(needs('section', job)).toBe(true);
  });

  it('isolate in subdata', () => {
    const job: Job = funeralJob();
    dig(job, 'sections', 'section_funerals').isolate_stores = true;
    expect(needs('section', job)).toBe(true);
    expect(needs('store', dig(job, 'sections', 'section_funerals'))).toBe(true);
    expect(needs('store', dig(job, 'sections', 'section_conversions'))).toBe(false);
  });

  it('isolate deep in subdata', () => {
    const job: Job = funeralJob();
    dig(job, 'sections', 'section_conversions', 'stores', 'store_training').isolate_products = true;
    expect(needs('store', dig(job, 'sections', 'section_funerals'))).toBe(false);
    expect(needs('store', dig(job, 'sections', 'section_conversions'))).toBe(true);
    expect(needs('product', dig(job, 'sections', 'section_conversions', 'stores', 'store_training'))).toBe(
      true,
    );
    expect(needs('section', job)).toBe(true);
  });

  it('a max_*_per_batch asks for chunking too', () => {
    const job: Job = funeralJob();
    dig(job, 'sections', 'section_weddings', 'stores', 'store_music').max_products_per_batch = 2;
    expect(needs('section', job)).toBe(true);
  });
});
