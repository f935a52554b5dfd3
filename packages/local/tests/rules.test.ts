import { describe, expect, it } from 'vitest';
import { EndpointStartError, HarnessError } from '../src/errors.js';
import { describeJavaEnd, parseGuardEvent } from '../src/guard-protocol.js';
import { isPortConflict } from '../src/jvm.js';
import { OutputTail } from '../src/output-tail.js';

describe('parseGuardEvent', () => {
  it('reads the events of the guard protocol', () => {
    expect(parseGuardEvent('{"event":"spawned","pid":42}')).toEqual({ event: 'spawned', pid: 42 });
    expect(parseGuardEvent('{"event":"exited","code":1,"signal":null}')).toEqual({
      event: 'exited',
      code: 1,
      signal: null,
    });
    expect(parseGuardEvent('{"event":"exited","code":null,"signal":"SIGTERM"}')).toEqual({
      event: 'exited',
      code: null,
      signal: 'SIGTERM',
    });
    expect(parseGuardEvent('{"event":"error","message":"spawn java ENOENT"}')).toEqual({
      event: 'error',
      message: 'spawn java ENOENT',
    });
  });

  it('ignores anything else without throwing', () => {
    for (const line of ['', 'hello', 'null', '42', '{"event":"spawned"}', '{"event":"other"}', '{"pid":1}']) {
      expect(parseGuardEvent(line)).toBeUndefined();
    }
  });
});

describe('describeJavaEnd', () => {
  it('says how java ended', () => {
    expect(describeJavaEnd({ event: 'exited', code: 1, signal: null })).toBe('java exited with code 1');
    expect(describeJavaEnd({ event: 'exited', code: null, signal: 'SIGKILL' })).toBe(
      'java was killed by SIGKILL',
    );
    expect(describeJavaEnd({ event: 'error', message: 'spawn java ENOENT' })).toMatch(
      /could not run java \(spawn java ENOENT\).*JAVA_HOME/,
    );
    expect(describeJavaEnd(undefined)).toMatch(/guard process exited/);
  });
});

describe('isPortConflict', () => {
  it("recognises java's bind failure", () => {
    expect(isPortConflict('java.io.IOException: Failed to bind to 0.0.0.0/0.0.0.0:8765')).toBe(true);
    expect(isPortConflict('Caused by: java.net.BindException: Address already in use')).toBe(true);
    expect(isPortConflict('Initializing DynamoDB Local with the following configuration:')).toBe(false);
  });
});

describe('OutputTail', () => {
  it('keeps only the last characters', () => {
    const tail = new OutputTail(10);
    tail.append('0123456789');
    tail.append(Buffer.from('abc'));

    expect(tail.text()).toBe('3456789abc');
  });
});

describe('EndpointStartError', () => {
  it('names the endpoint and the reason, and quotes the output', () => {
    const error = new EndpointStartError({
      what: 'DynamoDB Local (jvm)',
      endpoint: 'http://127.0.0.1:1',
      reason: 'java exited with code 1',
      output: '  BindException\n',
    });

    expect(error).toBeInstanceOf(HarnessError);
    expect(error.name).toBe('EndpointStartError');
    expect(error.message).toBe(
      'DynamoDB Local (jvm) did not start at http://127.0.0.1:1: java exited with code 1\n--- last output ---\nBindException\n---',
    );
    expect(error.output).toBe('BindException');
  });
});
