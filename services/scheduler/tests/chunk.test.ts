import { describe, expect, it } from 'vitest';
import { chunkJob, InvalidJob } from '../src/index.js';
import { ATTRS, dig, funeralJob, tasksWith } from './helpers/factories.js';

const chunk = (job: Record<string, unknown>, attrs: readonly string[] = ATTRS) => [...chunkJob(job, attrs)];

function invalid(job: Record<string, unknown>, attrs: readonly string[] = ATTRS): InvalidJob {
  try {
    chunk(job, attrs);
  } catch (error) {
    if (error instanceof InvalidJob) return error;
    throw error;
  }
  throw new Error('expected InvalidJob');
}

type Job = Record<string, unknown>;

describe('chunkJob', () => {
  it('keeps a job whole when nothing asks for chunking', () => {
    const job = { sections: { funerals: { custom: 'data' }, weddings: null } };
    expect(chunk(job)).toEqual([job]);
  });

  it('keeps a job whole when no attribute is configured', () => {
    const job = funeralJob();
    expect(chunk(job, [])).toEqual([job]);
  });

  it('gives a task per value of an isolated list, parents as one-element lists', () => {
    expect(chunk({ isolate_sections: true, sections: ['a', 'b', 3], n: 1 })).toEqual([
      { isolate_sections: true, n: 1, sections: ['a'] },
      { isolate_sections: true, n: 1, sections: ['b'] },
      { isolate_sections: true, n: 1, sections: [3] },
    ]);
  });

  it('reads a dict of nulls as the list of its keys', () => {
    expect(chunk({ isolate_sections: true, sections: { a: null, b: null } })).toEqual([
      { isolate_sections: true, sections: ['a'] },
      { isolate_sections: true, sections: ['b'] },
    ]);
  });

  it('accepts the singular key and writes the plural', () => {
    expect(chunk({ isolate_section: true, section: ['a', 'b'] })).toEqual([
      { isolate_section: true, sections: ['a'] },
      { isolate_section: true, sections: ['b'] },
    ]);
  });

  it('refuses a level given under both the singular and the plural key', () => {
    const error = invalid({ isolate_sections: true, section: ['a'], sections: ['b'] });
    expect(error.message).toBe('job: both "section" and "sections" are given; use one of them');
  });

  it('batches values by max_<attr>s_per_batch, which alone makes a level chunked', () => {
    const tasks = chunk({ max_stores_per_batch: 2, stores: ['a', 'b', 'c', 'd', 'e'] });
    expect(tasks.map((t) => t.stores)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('batches the keys of a dict of nulls too', () => {
    const tasks = chunk({
      isolate_stores: true,
      max_stores_per_batch: 2,
      stores: { a: null, b: null, c: null },
    });
    expect(tasks.map((t) => t.stores)).toEqual([['a', 'b'], ['c']]);
  });

  it('chunks sosw test job to the counts sosw expects (test_chunk_job)', () => {
    const job: Job = funeralJob();
    dig(job, 'sections', 'section_weddings', 'stores', 'store_music').isolate_products = true;
    dig(job, 'sections', 'section_conversions', 'stores', 'store_training').isolate_products = true;

    const tasks = chunk(job);

    expect(tasksWith(tasks, 'sections', 'section_funerals')).toHaveLength(1);
    expect(tasksWith(tasks, 'sections', 'section_weddings')).toHaveLength(5);
    expect(tasksWith(tasks, 'sections', 'section_conversions')).toHaveLength(4);
    expect(tasksWith(tasks, 'stores', 'store_training')).toHaveLength(2);
    expect(tasksWith(tasks, 'stores', 'store_baptizing')).toHaveLength(1);
    expect(tasksWith(tasks, 'sections', 'section_gifts')).toHaveLength(1);
    expect(tasks).toHaveLength(11);
    // An unchunked level inside a chunked one is kept whole, its dict of nulls as a list.
    expect(tasksWith(tasks, 'sections', 'section_funerals')[0]).toEqual({
      sections: ['section_funerals'],
      stores: ['store_flowers', 'store_caskets'],
    });
    expect(tasksWith(tasks, 'products', 740)).toEqual([
      { sections: ['section_weddings'], stores: ['store_music'], isolate_products: true, products: [740] },
    ]);
    expect(tasksWith(tasks, 'sections', 'section_gifts')).toEqual([{ sections: ['section_gifts'] }]);
  });

  it('chunks a level when a deeper one is isolated, and no other branch deeper than needed', () => {
    const job: Job = funeralJob();
    dig(job, 'sections', 'section_funerals').isolate_stores = true;
    const tasks = chunk(job);
    expect(tasksWith(tasks, 'sections', 'section_funerals').map((t) => t.stores)).toEqual([
      ['store_flowers'],
      ['store_caskets'],
    ]);
    // Weddings' stores are not isolated: one task, its stores dict (with a sub-dict) kept as it was.
    expect(tasksWith(tasks, 'sections', 'section_weddings')).toEqual([
      { sections: ['section_weddings'], stores: dig(job, 'sections', 'section_weddings', 'stores') },
    ]);
  });

  it('applies a flag at the job root to every level below', () => {
    const job: Job = {
      isolate_stores: true,
      isolate_sections: true,
      sections: { a: { stores: ['x', 'y'] }, b: { stores: ['z'] } },
    };
    expect(chunk(job).map((t) => [t.sections, t.stores])).toEqual([
      [['a'], ['x']],
      [['a'], ['y']],
      [['b'], ['z']],
    ]);
  });

  it('lets the nearest max_<attr>s_per_batch win', () => {
    const job: Job = {
      max_stores_per_batch: 2,
      isolate_sections: true,
      sections: { a: { stores: [1, 2, 3] }, b: { max_stores_per_batch: 3, stores: [1, 2, 3] } },
    };
    expect(chunk(job).map((t) => t.stores)).toEqual([[1, 2], [3], [1, 2, 3]]);
  });

  it('merges a sub-dict into the task at the last attribute (sosw: preserves unchunkable subtask)', () => {
    const job: Job = funeralJob();
    const training = dig(job, 'sections', 'section_conversions', 'stores', 'store_training');
    training.isolate_products = true;
    dig(training, 'products').product_book = { product_versions: { audio: null, paper: null } };

    const book = chunk(job).filter((t) => (t.products as unknown[] | undefined)?.[0] === 'product_book');

    expect(book).toEqual([
      {
        sections: ['section_conversions'],
        stores: ['store_training'],
        isolate_products: true,
        products: ['product_book'],
        product_versions: { audio: null, paper: null },
      },
    ]);
  });

  it('carries the keys of every level, the deeper winning, and recurses through [name, {}] dicts', () => {
    const job: Job = {
      all_campaigns: true,
      isolate_sections: 'True',
      sections: {
        '111': null,
        '333': { isolate_stores: true, all_campaigns: false, stores: { s1: null, s3: { keep_me: 7 } } },
      },
    };
    expect(chunk(job)).toEqual([
      { all_campaigns: true, isolate_sections: 'True', sections: ['111'] },
      {
        all_campaigns: false,
        isolate_sections: 'True',
        sections: ['333'],
        isolate_stores: true,
        stores: ['s1'],
      },
      {
        all_campaigns: false,
        isolate_sections: 'True',
        sections: ['333'],
        isolate_stores: true,
        stores: ['s3'],
        keep_me: 7,
      },
    ]);
  });

  it('skips a level the data does not have and chunks the next one', () => {
    expect(chunk({ isolate_stores: true, stores: ['a', 'b'] }).map((t) => t.stores)).toEqual([['a'], ['b']]);
    // A section without stores still gives its task, even though stores are isolated at the root.
    expect(chunk({ isolate_stores: true, sections: { a: { custom: 1 }, b: { stores: ['x'] } } })).toEqual([
      { isolate_stores: true, sections: ['a'], custom: 1 },
      { isolate_stores: true, sections: ['b'], stores: ['x'] },
    ]);
  });

  it('treats each dict of a list of dicts in turn', () => {
    const job = { isolate_sections: true, sections: [{ a: null, b: null }, { c: { stores: ['x'] } }] };
    expect(chunk(job).map((t) => [t.sections, t.stores])).toEqual([
      [['a'], undefined],
      [['b'], undefined],
      [['c'], ['x']],
    ]);
  });

  it('gives no task for an empty chunked level', () => {
    expect(chunk({ isolate_sections: true, sections: [] })).toEqual([]);
    expect(chunk({ isolate_sections: true, sections: {} })).toEqual([]);
  });

  it('keeps an unchunked level with other values as it is, under its own key (sosw: not raises if no isolation)', () => {
    const job: Job = funeralJob();
    job.isolate_sections = true;
    dig(job, 'sections', 'section_conversions', 'stores').store_training = 'some_string';
    const [conversions] = tasksWith(chunk(job), 'sections', 'section_conversions');
    expect(dig(conversions as Job, 'stores').store_training).toBe('some_string');
  });

  it('does not read isolate_x: false or "false" as set', () => {
    expect(chunk({ isolate_sections: false, sections: ['a', 'b'] })).toHaveLength(1);
    expect(chunk({ isolate_sections: 'false', sections: ['a', 'b'] })).toHaveLength(1);
  });

  describe('InvalidJob, naming the place', () => {
    it('for a chunked level that is not a list or a dict', () => {
      const error = invalid({ isolate_sections: true, sections: 42 });
      expect(error.message).toBe('job.sections: a chunked level must be a list or a dict, got number');
      expect(error.path).toBe('job.sections');
    });

    it('for a string value in a chunked dict (sosw: unsupported vals, string)', () => {
      const job: Job = funeralJob();
      dig(job, 'sections', 'section_conversions').isolate_stores = true;
      dig(job, 'sections', 'section_conversions', 'stores').store_training = 'some_string';
      expect(invalid(job).message).toBe(
        'job.sections.section_conversions.stores.store_training: a value in a chunked dict must be a dict or null, got string',
      );
    });

    it('for a list value in a chunked dict (sosw: list not as value)', () => {
      const job: Job = funeralJob();
      dig(job, 'sections', 'section_conversions').isolate_stores = true;
      dig(job, 'sections', 'section_conversions', 'stores').store_training = ['just_a_string'];
      expect(invalid(job).path).toBe('job.sections.section_conversions.stores.store_training');
    });

    it('for a list that mixes values and other things', () => {
      expect(invalid({ isolate_stores: true, stores: ['a', null] }).message).toBe(
        'job.stores[1]: a chunked list holds either values (strings, numbers) or dicts, got null after values',
      );
      expect(invalid({ isolate_stores: true, stores: [{ b: null }, 'a'] }).path).toBe('job.stores[1]');
      expect(invalid({ isolate_stores: true, stores: [true] }).message).toBe(
        'job.stores[0]: a chunked list holds either values (strings, numbers) or dicts, got boolean',
      );
    });

    it('for a max_<attr>s_per_batch that is not a whole number >= 1', () => {
      expect(invalid({ max_stores_per_batch: 0, stores: ['a'] }).message).toBe(
        'job.max_stores_per_batch: must be a whole number of at least 1, got 0',
      );
      expect(
        invalid({ isolate_sections: true, sections: { a: { max_stores_per_batch: 'ten', stores: ['x'] } } })
          .path,
      ).toBe('job.sections.a.max_stores_per_batch');
    });
  });
});
