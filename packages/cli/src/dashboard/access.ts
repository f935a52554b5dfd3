import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

// Who may talk to the dashboard, as small pure rules; `guard.ts` applies them to every request.
//
// The dashboard acts with the operator's AWS credentials, and a browser lets any web page send requests
// to 127.0.0.1. Three rules keep those pages out, as Jupyter does:
// - the Host header must name the dashboard itself: a DNS-rebound name (rebind.example.com resolving to
//   127.0.0.1) makes the browser treat the dashboard as that page's own origin, and this is what tells;
// - every request carries a random access token (or the cookie the token's first visit sets), which a page
//   elsewhere never learns;
// - a POST must come from the dashboard's own origin (the cookie is SameSite=Strict too).

/** The names every dashboard answers to besides the one it listens on: this machine's loopback. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** Where and how the dashboard listens, as `allowedHosts` needs it. */
export interface ListenAddress {
  /** The `--host` given, e.g. `127.0.0.1`, `0.0.0.0` or `dash.example.lan`. */
  host: string;
  /** The address the server bound (the `--host` resolved), from `server.address()`. */
  address: string;
  /** The port it listens on (the real one when `--port 0`). */
  port: number;
  /**
   * On a wildcard address (`0.0.0.0`, `::`) the dashboard can be reached by this machine's own names and
   * addresses only; `server.ts` passes `os.hostname()` and the addresses of `os.networkInterfaces()`.
   */
  machineNames?: readonly string[] | undefined;
}

/**
 * An address or name as it appears in a URL or a `Host` header: IPv6 in brackets, lower case.
 *
 * @example
 * ```ts
 * urlHost('::1'); // '[::1]'
 * ```
 */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host.toLowerCase()}]` : host.toLowerCase();
}

/** True for `0.0.0.0` and `::`: listening on every interface of the machine. */
export function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '';
}

/**
 * True when only this machine can reach the address: `localhost`, 127.0.0.0/8, `::1` (and IPv4-mapped
 * 127.x). Beyond it, the dashboard turns redrive off unless asked (`--allow-redrive`).
 *
 * @example
 * ```ts
 * isLoopback('127.0.0.1'); // true
 * isLoopback('0.0.0.0'); // false: every interface
 * ```
 */
export function isLoopback(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === 'localhost' || lower === '::1') return true;
  const v4 = lower.startsWith('::ffff:') ? lower.slice('::ffff:'.length) : lower;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The `Host` header values (`name:port`, lower case) the dashboard answers: the loopback names on its port,
 * the `--host` given and the address it resolved to, and on a wildcard address the machine's own names.
 *
 * @example
 * ```ts
 * allowedHosts({ host: '127.0.0.1', address: '127.0.0.1', port: 8080 });
 * // Set { '127.0.0.1:8080', 'localhost:8080', '[::1]:8080' }
 * ```
 */
export function allowedHosts(listen: ListenAddress): ReadonlySet<string> {
  const names = new Set<string>(LOOPBACK_NAMES);
  for (const name of [listen.host, listen.address]) if (!isWildcard(name)) names.add(urlHost(name));
  if (isWildcard(listen.address) || isWildcard(listen.host)) {
    for (const name of listen.machineNames ?? []) names.add(urlHost(name));
  }
  return new Set([...names].map((name) => `${name}:${String(listen.port)}`));
}

/**
 * A `Host` header as `name:port` in lower case, or `undefined` when it is not a bare host and port (a user
 * part, a path, spaces). Browsers leave out port 80, so a missing port is 80 (RFC 9110 §7.2).
 */
function normalizeHost(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/.exec(value.toLowerCase());
  if (match === null) return undefined;
  return `${match[1] ?? ''}:${match[2] ?? '80'}`;
}

/**
 * True when a request's `Host` header names the dashboard itself; anything else is a page that reached it
 * under another name (DNS rebinding) and is refused before any other rule.
 *
 * @example
 * ```ts
 * const hosts = allowedHosts({ host: '127.0.0.1', address: '127.0.0.1', port: 8080 });
 * isAllowedHost('localhost:8080', hosts); // true
 * isAllowedHost('rebind.example.com:8080', hosts); // false
 * ```
 */
export function isAllowedHost(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  const normalized = normalizeHost(host);
  return normalized !== undefined && allowed.has(normalized);
}

/**
 * True when a POST's `Origin` is the dashboard's page that the request was sent to: `http://` and the
 * request's own `Host`. Browsers send `Origin` with every POST (the Fetch standard's "origin" header), so a
 * missing or `null` one is refused as well.
 *
 * @example
 * ```ts
 * isSameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080'); // true
 * isSameOrigin('http://evil.example', '127.0.0.1:8080'); // false
 * ```
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || !origin.startsWith('http://')) return false;
  const originHost = normalizeHost(origin.slice('http://'.length));
  return originHost !== undefined && originHost === normalizeHost(host);
}

/**
 * A new random access token: 24 bytes from Node's CSPRNG as 48 hex characters, as Jupyter prints.
 *
 * @example
 * ```ts
 * const token = newAccessToken(); // e.g. '3f0c…' (48 characters)
 * ```
 */
export function newAccessToken(): string {
  return randomBytes(24).toString('hex');
}

/**
 * An operator's own token (`--token`, `SOSW_DASHBOARD_TOKEN`), or a `UsageError` naming where it came from:
 * 16 to 256 URL-safe characters (RFC 3986's unreserved set), so it goes into the printed URL and a Bearer
 * header as it is, and is long enough not to be guessed.
 */
export function checkAccessToken(token: string, from: string): string {
  if (!/^[A-Za-z0-9._~-]{16,256}$/.test(token)) {
    throw new UsageError(
      `${from}: expected an access token of 16 to 256 characters from A-Z a-z 0-9 . _ ~ - ` +
        '(leave it out for a random one)',
    );
  }
  return token;
}

/** SHA-256 of a string: both sides of a comparison get the same length, so `timingSafeEqual` applies. */
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * True when `given` is the token, compared in constant time (`timingSafeEqual` on digests, so neither the
 * content nor the length of the token leaks through how long a wrong guess takes).
 *
 * @example
 * ```ts
 * tokensMatch(token, request.query.token);
 * ```
 */
export function tokensMatch(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * What the session cookie holds: an HMAC of the token, so the cookie is not the token itself (a cookie
 * leaked from the browser's store cannot be pasted into `?token=`), yet the same token gives the same
 * cookie, and a dashboard restarted with the operator's own token keeps its open tabs.
 */
export function sessionCookieValue(token: string): string {
  return createHmac('sha256', token).update('sosw dashboard session').digest('base64url');
}

/**
 * The session cookie's name, with the port: cookies are shared by every port of a host, and two dashboards
 * on one machine should not overwrite each other's.
 */
export function sessionCookieName(port: number): string {
  return `sosw_dashboard_${String(port)}`;
}

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), if that is what it holds. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^bearer +(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

/**
 * The path and query of a URL without its `token`: where the first visit is redirected once the cookie is
 * set, so the token leaves the address bar and the browser's history.
 */
export function withoutToken(url: URL): string {
  const params = new URLSearchParams(url.search);
  params.delete('token');
  const query = params.toString();
  return query === '' ? url.pathname : `${url.pathname}?${query}`;
}
