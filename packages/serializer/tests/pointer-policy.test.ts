import { describe, expect, it } from 'vitest';
import {
  PayloadError,
  PayloadPointer,
  PayloadPointerRefusedError,
  PayloadTooLargeError,
  SerializerError,
} from '../src/index.js';
import { checkPointer, normalizePrefix, payloadKey, type PayloadPlace } from '../src/pointer-policy.js';
import { caught } from './helpers/caught.js';

const SHA = 'a'.repeat(64);
const OTHER_SHA = 'b'.repeat(64);
const place: PayloadPlace = { bucket: 'payloads', prefix: 'sosw/payloads' };
const MAX = 1_000;

function pointer(fields: Partial<PayloadPointer> = {}): PayloadPointer {
  return new PayloadPointer(
    fields.bucket ?? 'payloads',
    fields.key ?? `sosw/payloads/${SHA}.json`,
    fields.bytes ?? 300,
    fields.sha256 ?? SHA,
  );
}

describe('payloadKey and normalizePrefix: the one key form writer and reader share', () => {
  it('puts the content hash under the prefix, or at the root when the prefix is empty', () => {
    expect(payloadKey('sosw/payloads', SHA)).toBe(`sosw/payloads/${SHA}.json`);
    expect(payloadKey('', SHA)).toBe(`${SHA}.json`);
  });

  it('drops trailing slashes from a prefix, so "p/" and "p" name the same place', () => {
    expect(normalizePrefix('sosw/payloads/')).toBe('sosw/payloads');
    expect(normalizePrefix('sosw/payloads//')).toBe('sosw/payloads');
    expect(normalizePrefix('sosw/payloads')).toBe('sosw/payloads');
    expect(normalizePrefix('/')).toBe('');
  });
});

describe('checkPointer: which pointers a reader may follow', () => {
  it('accepts a pointer the writer of this place would produce', () => {
    expect(() => {
      checkPointer(pointer(), place, MAX);
    }).not.toThrow();
    expect(() => {
      checkPointer(pointer({ bytes: MAX }), place, MAX);
    }).not.toThrow();
    expect(() => {
      checkPointer(pointer({ key: `${SHA}.json` }), { bucket: 'payloads', prefix: '' }, MAX);
    }).not.toThrow();
  });

  it('refuses another bucket', () => {
    const error = caught(() => {
      checkPointer(pointer({ bucket: 'someone-elses' }), place, MAX);
    });
    expect(error).toBeInstanceOf(PayloadPointerRefusedError);
    expect(error).toBeInstanceOf(PayloadError);
    expect(error).toBeInstanceOf(SerializerError);
    expect(error).toMatchObject({
      name: 'PayloadPointerRefusedError',
      rule: 'bucket',
      bucket: 'someone-elses',
      key: `sosw/payloads/${SHA}.json`,
    });
    expect(error.message).toBe(
      `Refused payload pointer s3://someone-elses/sosw/payloads/${SHA}.json: ` +
        `payloads are read only from bucket "payloads".`,
    );
  });

  it('refuses a key outside the prefix, including a look-alike prefix', () => {
    for (const key of [
      `secrets/${SHA}.json`,
      `sosw/payloads-old/${SHA}.json`,
      `sosw/${SHA}.json`,
      `${SHA}.json`,
    ]) {
      const error = caught(() => {
        checkPointer(pointer({ key }), place, MAX);
      });
      expect(error, key).toBeInstanceOf(PayloadPointerRefusedError);
      expect(error, key).toMatchObject({ rule: 'prefix', key });
      expect(error.message).toContain('its key is outside the payload prefix "sosw/payloads/"');
    }
  });

  it('refuses a key under the prefix that is not the content hash the pointer claims', () => {
    for (const key of [
      `sosw/payloads/${OTHER_SHA}.json`,
      `sosw/payloads/${SHA}`,
      `sosw/payloads/${SHA}.json.bak`,
      `sosw/payloads/x/${SHA}.json`,
      `sosw/payloads/../secrets/${SHA}.json`,
      `sosw/payloads/report.csv`,
    ]) {
      const error = caught(() => {
        checkPointer(pointer({ key }), place, MAX);
      });
      expect(error, key).toBeInstanceOf(PayloadPointerRefusedError);
      expect(error, key).toMatchObject({ rule: 'key', key });
      expect(error.message).toContain('its key is not "sosw/payloads/<sha256>.json" of its content hash');
    }
  });

  it('refuses a key at the root when the prefix is empty but the key has a folder', () => {
    const error = caught(() => {
      checkPointer(pointer({ key: `x/${SHA}.json` }), { bucket: 'payloads', prefix: '' }, MAX);
    });
    expect(error).toMatchObject({ rule: 'key' });
  });

  it('refuses a pointer whose size is over the cap', () => {
    const error = caught(() => {
      checkPointer(pointer({ bytes: MAX + 1 }), place, MAX);
    });
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toBeInstanceOf(PayloadError);
    expect(error).toMatchObject({ name: 'PayloadTooLargeError', bytes: MAX + 1, maxBytes: MAX });
    expect(error.message).toBe(
      `Offloaded payload s3://payloads/sosw/payloads/${SHA}.json is 1001 bytes, over the limit of 1000 ` +
        `(maxBytes): it is not read.`,
    );
  });

  it('checks the place before the size: a foreign pointer is refused whatever it claims', () => {
    const error = caught(() => {
      checkPointer(pointer({ bucket: 'other', bytes: MAX + 1 }), place, MAX);
    });
    expect(error).toMatchObject({ rule: 'bucket' });
  });
});
