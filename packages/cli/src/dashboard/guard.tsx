import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import {
  bearerToken,
  isAllowedHost,
  isSameOrigin,
  sessionCookieName,
  sessionCookieValue,
  tokensMatch,
  withoutToken,
} from './access.js';
import { TokenPage } from './views/token-page.js';

/** Who may use the dashboard: the rules of `access.ts` with this dashboard's values. */
export interface DashboardAccess {
  /** The access token every request must bring (or the cookie its first visit set). */
  token: string;
  /** `Host` values it answers, from `allowedHosts`. */
  hosts: ReadonlySet<string>;
  /** Its port, which names the session cookie. */
  port: number;
}

/** A refusal before any route runs: JSON under `/api/`, else a page that shows nothing of the deployment. */
function refuse(c: Context, status: 401 | 403, message: string) {
  c.header('cache-control', 'no-store');
  if (status === 401) c.header('www-authenticate', 'Bearer');
  if (c.req.path.startsWith('/api/')) return c.json({ error: message }, status);
  if (status === 401) return c.html(<TokenPage path={c.req.path} message={message} />, status);
  return c.text(message, status);
}

/**
 * The middleware in front of every route, in this order:
 * 1. the `Host` header names the dashboard (else 403: DNS rebinding);
 * 2. a POST comes from the dashboard's own origin, unless a script sends the right token in `Authorization`
 *    (else 403: a form on another site);
 * 3. the request brings the token: the session cookie, `Authorization: Bearer`, or `?token=` (else 401).
 *    A page visited with `?token=` sets the cookie (HttpOnly, SameSite=Strict) and is redirected to its
 *    address without the token, as Jupyter does.
 *
 * @example
 * ```ts
 * app.use(guard({ token, hosts: allowedHosts({ host, address, port }), port }));
 * ```
 */
export function guard(access: DashboardAccess): MiddlewareHandler {
  const cookieName = sessionCookieName(access.port);
  const cookieValue = sessionCookieValue(access.token);

  return async (c, next) => {
    const host = c.req.header('host');
    if (!isAllowedHost(host, access.hosts)) {
      return refuse(
        c,
        403,
        'this dashboard answers only at the address it printed (the Host header names another)',
      );
    }

    // A page elsewhere cannot send an Authorization header here: that needs a CORS preflight, which the
    // dashboard never grants. So a POST with the right Bearer token is a script, and only a browser's POST
    // (with the cookie, which it sends on its own) needs its Origin.
    const withBearer = tokensMatch(access.token, bearerToken(c.req.header('authorization')));
    if (c.req.method === 'POST' && !withBearer && !isSameOrigin(c.req.header('origin'), host)) {
      return refuse(
        c,
        403,
        "a POST must come from the dashboard's own page (the Origin header names another)",
      );
    }

    const queryToken = c.req.query('token');
    const withCookie = tokensMatch(cookieValue, getCookie(c, cookieName));
    const withToken = withBearer || tokensMatch(access.token, queryToken);
    if (!withCookie && !withToken) {
      return refuse(
        c,
        401,
        'this dashboard needs its access token: open the address `sosw dashboard` printed (with ?token=), ' +
          'or send Authorization: Bearer <token>',
      );
    }

    // The printed URL: keep the token in an HttpOnly cookie the page's own requests bring, and take it out
    // of the address bar. Scripts (the API, a POST) are answered as they are.
    if (queryToken !== undefined && c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
      if (withToken) {
        setCookie(c, cookieName, cookieValue, { path: '/', httpOnly: true, sameSite: 'Strict' });
      }
      c.header('cache-control', 'no-store');
      return c.redirect(withoutToken(new URL(c.req.url)), 303);
    }
    await next();
    return undefined;
  };
}
