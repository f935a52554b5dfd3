import { describe, expect, it } from 'vitest';
import { Placeholders } from '../src/placeholders.js';

describe('Placeholders', () => {
  it('gives one placeholder per attribute name, and a new one per value', () => {
    const p = new Placeholders();
    expect(p.name('greenfield')).toBe('#n0');
    expect(p.name('attempts')).toBe('#n1');
    expect(p.name('greenfield')).toBe('#n0');
    expect(p.value(1)).toBe(':v0');
    expect(p.value(1)).toBe(':v1');
    expect(p.attributes()).toEqual({
      ExpressionAttributeNames: { '#n0': 'greenfield', '#n1': 'attempts' },
      ExpressionAttributeValues: { ':v0': 1, ':v1': 1 },
    });
  });

  it('leaves out the maps it did not use: DynamoDB rejects empty ones', () => {
    expect(new Placeholders().attributes()).toEqual({});
    const namesOnly = new Placeholders();
    namesOnly.name('a');
    expect(namesOnly.attributes()).toEqual({ ExpressionAttributeNames: { '#n0': 'a' } });
  });

  it('takes names literally, including ones that look like syntax', () => {
    const p = new Placeholders();
    p.name('a.b');
    p.name('#n0');
    expect(p.attributes().ExpressionAttributeNames).toEqual({ '#n0': 'a.b', '#n1': '#n0' });
  });
});
