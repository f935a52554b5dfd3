import { describe, expect, it } from 'vitest';
import {
  allowedHosts,
  bearerToken,
  checkAccessToken,
  isAllowedHost,
  isLoopback,
  isSameOrigin,
  newAccessToken,
  sessionCookieValue,
  tokensMatch,
  urlHost,
  withoutToken,
} from '../../src/dashboard/access.js';
import { CliError } from '../../src/errors.js';

describe('allowedHosts and isAllowedHost', () => {
  const loopback = allowedHosts({ host: '127.0.0.1', address: '127.0.0.1', port: 8080 });

  it('answer the loopback names of the port it serves, in any letter case', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'LocalHost:8080']) {
      expect(isAllowedHost(host, loopback), host).toBe(true);
    }
  });

  it('refuse another name, another port, a missing port, a missing or malformed header', () => {
    for (const host of [
      'rebind.example.com:8080',
      'rebind.example.com',
      '127.0.0.1:8081',
      '127.0.0.1',
      'localhost',
      'evil@127.0.0.1:8080',
      '127.0.0.1:8080/x',
      '127.0.0.1:8080 ',
      'localhost.:8080',
      '[::1]',
      '',
      undefined,
    ]) {
      expect(isAllowedHost(host, loopback), String(host)).toBe(false);
    }
  });

  it('accept a port-less Host only when the dashboard is on port 80, as browsers omit it there', () => {
    const on80 = allowedHosts({ host: '127.0.0.1', address: '127.0.0.1', port: 80 });
    expect(isAllowedHost('localhost', on80)).toBe(true);
    expect(isAllowedHost('localhost:80', on80)).toBe(true);
  });

  it('add the --host given and the address it resolved to', () => {
    const named = allowedHosts({ host: 'Dash.Example.Lan', address: '10.1.2.3', port: 9000 });
    expect(isAllowedHost('dash.example.lan:9000', named)).toBe(true);
    expect(isAllowedHost('10.1.2.3:9000', named)).toBe(true);
    expect(isAllowedHost('10.1.2.4:9000', named)).toBe(false);
    const v6 = allowedHosts({ host: 'fd00::1', address: 'fd00::1', port: 9000 });
    expect(isAllowedHost('[fd00::1]:9000', v6)).toBe(true);
  });

  it("on a wildcard address take this machine's names and addresses, not any name", () => {
    const everywhere = allowedHosts({
      host: '0.0.0.0',
      address: '0.0.0.0',
      port: 9000,
      machineNames: ['build-box', '192.168.1.20', 'fe80::1'],
    });
    expect(isAllowedHost('192.168.1.20:9000', everywhere)).toBe(true);
    expect(isAllowedHost('build-box:9000', everywhere)).toBe(true);
    expect(isAllowedHost('[fe80::1]:9000', everywhere)).toBe(true);
    expect(isAllowedHost('0.0.0.0:9000', everywhere)).toBe(false);
    expect(isAllowedHost('rebind.example.com:9000', everywhere)).toBe(false);
  });
});

describe('isSameOrigin', () => {
  it("is true only for the http origin of the request's own Host", () => {
    expect(isSameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(isSameOrigin('http://LOCALHOST:8080', 'localhost:8080')).toBe(true);
    expect(isSameOrigin('http://localhost', 'localhost:80')).toBe(true);
    for (const origin of [
      'http://evil.example',
      'http://localhost:8080',
      'https://127.0.0.1:8080',
      'http://127.0.0.1:8080/',
      'null',
      '',
      undefined,
    ]) {
      expect(isSameOrigin(origin, '127.0.0.1:8080'), String(origin)).toBe(false);
    }
    expect(isSameOrigin('http://127.0.0.1:8080', undefined)).toBe(false);
  });
});

describe('isLoopback', () => {
  it('knows the addresses only this machine reaches', () => {
    for (const address of ['127.0.0.1', '127.9.8.7', '::1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) {
      expect(isLoopback(address), address).toBe(true);
    }
    for (const address of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '::2', 'example.com']) {
      expect(isLoopback(address), address).toBe(false);
    }
  });
});

describe('access tokens', () => {
  it('are 48 random hex characters, never the same twice', () => {
    const [a, b] = [newAccessToken(), newAccessToken()];
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(a).not.toBe(b);
  });

  it("match only the same token, whatever the other's length", () => {
    const token = newAccessToken();
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, `${token}x`)).toBe(false);
    expect(tokensMatch(token, token.slice(0, -1))).toBe(false);
    expect(tokensMatch(token, token.toUpperCase())).toBe(false);
    expect(tokensMatch(token, '')).toBe(false);
    expect(tokensMatch(token, undefined)).toBe(false);
  });

  it("accept an operator's token of 16 to 256 URL-safe characters, and name where a bad one came from", () => {
    expect(checkAccessToken('a-long.enough_token~1', '--token')).toBe('a-long.enough_token~1');
    expect(() => checkAccessToken('short', '--token')).toThrow(CliError);
    expect(() => checkAccessToken('short', 'SOSW_DASHBOARD_TOKEN')).toThrow(/SOSW_DASHBOARD_TOKEN/);
    expect(() => checkAccessToken('has spaces in it, sixteen+', '--token')).toThrow(/--token/);
    expect(() => checkAccessToken('x'.repeat(257), '--token')).toThrow(/256/);
  });

  it('give a cookie value that is not the token and stays the same for the same token', () => {
    const token = newAccessToken();
    expect(sessionCookieValue(token)).toBe(sessionCookieValue(token));
    expect(sessionCookieValue(token)).not.toContain(token);
    expect(sessionCookieValue(token)).not.toBe(sessionCookieValue(newAccessToken()));
  });

  it('are read from an Authorization: Bearer header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('URLs', () => {
  it('put brackets around an IPv6 address, and nothing else', () => {
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
    expect(urlHost('localhost')).toBe('localhost');
  });

  it('drop the token and keep the rest of the address', () => {
    expect(withoutToken(new URL('http://x/tasks/a?labourer=alpha&token=t'))).toBe('/tasks/a?labourer=alpha');
    expect(withoutToken(new URL('http://x/?token=t'))).toBe('/');
  });
});
