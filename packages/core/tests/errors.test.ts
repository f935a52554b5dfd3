import { describe, expect, it } from 'vitest';
import { ConfigError, SoswError, ValidationError } from '../src/index.js';

describe('errors', () => {
  it('name each error after its class, subclasses included', () => {
    class LabourerNotFound extends SoswError {}
    expect(new SoswError('x').name).toBe('SoswError');
    expect(new LabourerNotFound('x').name).toBe('LabourerNotFound');
    expect(new ConfigError('x').name).toBe('ConfigError');
    expect(new ValidationError('x', []).name).toBe('ValidationError');
  });

  it('keep the cause', () => {
    const cause = new Error('underneath');
    expect(new SoswError('x', { cause }).cause).toBe(cause);
  });

  it('give the first failing path, or none', () => {
    const issues = [
      { path: 'a.b', message: 'bad' },
      { path: 'c', message: 'bad' },
    ];
    expect(new ValidationError('x', issues).path).toBe('a.b');
    expect(new ConfigError('x', issues).path).toBe('a.b');
    expect(new ConfigError('x').path).toBeUndefined();
    expect(new ConfigError('x').issues).toEqual([]);
  });

  it('keep a broken config apart from a rejected record', () => {
    expect(new ConfigError('x')).toBeInstanceOf(SoswError);
    expect(new ConfigError('x')).not.toBeInstanceOf(ValidationError);
  });
});
