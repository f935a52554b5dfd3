import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkJob } from '../src/index.js';

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const values = fc.uniqueArray(fc.oneof(name, fc.integer()), { maxLength: 30 });

describe('chunking properties', () => {
  it('every value of an isolated or batched list is in exactly one task, in order, within the batch size', () => {
    fc.assert(
      fc.property(values, fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }), (stores, max) => {
        const job =
          max === undefined ? { isolate_stores: true, stores } : { max_stores_per_batch: max, stores };
        const tasks = [...chunkJob(job, ['store'])];
        const batches = tasks.map((t) => t.stores as unknown[]);
        expect(batches.flat()).toEqual(stores);
        for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(max ?? 1);
        expect(tasks).toHaveLength(Math.ceil(stores.length / (max ?? 1)));
      }),
    );
  });

  it('every (section, store) pair of a nested job is in exactly one task', () => {
    const nested = fc.dictionary(name, fc.uniqueArray(name, { maxLength: 6 }), { minKeys: 1, maxKeys: 8 });
    fc.assert(
      fc.property(nested, fc.boolean(), (sections, isolateSections) => {
        const job = {
          isolate_stores: true,
          ...(isolateSections ? { isolate_sections: true } : {}),
          sections: Object.fromEntries(Object.entries(sections).map(([s, stores]) => [s, { stores }])),
        };
        const pairs = [...chunkJob(job, ['section', 'store'])].map((t) => {
          const [section] = t.sections as string[];
          const [store] = t.stores as string[];
          return `${section}/${store}`;
        });
        const expected = Object.entries(sections).flatMap(([s, stores]) => stores.map((x) => `${s}/${x}`));
        expect(pairs).toEqual(expected);
      }),
    );
  });

  it('is stable: the same job gives the same tasks in the same order', () => {
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.option(fc.constant({ isolate_products: true, products: ['p', 'q'] }))),
        (sections) => {
          const job = { isolate_sections: true, sections };
          expect([...chunkJob(job, ['section', 'product'])]).toEqual([
            ...chunkJob(structuredClone(job), ['section', 'product']),
          ]);
        },
      ),
    );
  });

  it('a dict of nulls chunks exactly like the list of its keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 20 }), fc.integer({ min: 1, max: 5 }), (keys, max) => {
        const asDict = Object.fromEntries(keys.map((k) => [k, null]));
        const fromDict = [...chunkJob({ max_stores_per_batch: max, stores: asDict }, ['store'])];
        const fromList = [...chunkJob({ max_stores_per_batch: max, stores: Object.keys(asDict) }, ['store'])];
        expect(fromDict).toEqual(fromList);
      }),
    );
  });
});
