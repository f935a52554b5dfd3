import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { CliError } from '../errors.js';
import { allowedHosts, checkAccessToken, isLoopback, isWildcard, newAccessToken, urlHost } from './access.js';
import { createDashboardApp } from './app.js';
import { loadAssets } from './assets.js';
import { DashboardData, type DashboardDataOptions } from './data.js';

/** How to serve the dashboard. Only `prefix` is required. */
export interface DashboardOptions extends DashboardDataOptions {
  /** Interface to listen on. Default `127.0.0.1`: only this machine can open it. */
  host?: string | undefined;
  /** Port to listen on; `0` takes a free one (see the returned `url`). Default 8080. */
  port?: number | undefined;
  /** The labourer table refreshes this often in the browser, in ms. Default 5 000. */
  refreshMs?: number | undefined;
  /**
   * The access token every request must bring: 16 to 256 URL-safe characters. Default:
   * `SOSW_DASHBOARD_TOKEN`, else a random one (`newAccessToken`), printed in `loginUrl`.
   */
  token?: string | undefined;
  /**
   * Redrive from a dashboard that listens beyond this machine (a `host` that is not loopback, e.g.
   * `0.0.0.0`). Default false: anyone on the network with the token could re-queue buried tasks with
   * your credentials, over plain HTTP. On a loopback host redrive is always on.
   */
  allowRedrive?: boolean | undefined;
}

/** A running dashboard. */
export interface RunningDashboard {
  /** Its address, e.g. `http://127.0.0.1:8080/`; every request there needs `token`. */
  url: string;
  /** The access token: `?token=`, `Authorization: Bearer`, or the cookie its first visit sets. */
  token: string;
  /** What to open in a browser and print: `url` with `?token=`. The dashboard redirects to `url`. */
  loginUrl: string;
  /** True when it listens on a loopback address, so only this machine reaches it. */
  loopbackOnly: boolean;
  /** Whether it redrives buried tasks (off beyond this machine unless `allowRedrive`). */
  redrive: boolean;
  /** Stops listening and closes open connections. Idempotent. */
  close(): Promise<void>;
}

/** The port of `sosw dashboard` when none is given. */
export const DEFAULT_DASHBOARD_PORT = 8080;

/**
 * Serves the dashboard of the deployment under `prefix`: live figures per labourer, throughput charts,
 * task pages and redrive. It reads `sosw_essential_config` first, so a wrong prefix, missing tables or
 * missing credentials fail here rather than in the browser. AWS access uses the SDK's usual credentials,
 * region and `AWS_ENDPOINT_URL*` variables, all on the server.
 *
 * @example
 * ```ts
 * const dashboard = await startDashboard({ prefix: 'local_', port: 0 });
 * console.log(`dashboard: ${dashboard.loginUrl}`); // http://127.0.0.1:PORT/?token=…
 * // ...
 * await dashboard.close();
 * ```
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_DASHBOARD_PORT;
  const token = resolveToken(options.token);
  const data = new DashboardData(options);
  const [assets] = await Promise.all([loadAssets(), data.labourers()]);

  // The routes need the port and address the server got (`--port 0`, a `--host` name), known only once it
  // listens; until they are built (the same tick), a request is told to come back.
  let fetchRoutes: (request: Request) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503 });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: (request) => fetchRoutes(request), hostname: host, port }, () => {
      listening.off('error', reject);
      resolve(listening);
    });
    listening.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new CliError(
              `port ${port} on ${host} is taken: choose another with --port (0 takes a free one)`,
              undefined,
              {
                cause: error,
              },
            )
          : error,
      );
    });
  });
  const address = server.address() as AddressInfo;
  const loopbackOnly = isLoopback(address.address);
  const redrive = loopbackOnly || options.allowRedrive === true;
  const hosts = allowedHosts({
    host,
    address: address.address,
    port: address.port,
    machineNames: machineNames(),
  });
  const app = createDashboardApp({
    data,
    assets,
    access: { token, hosts, port: address.port },
    redrive,
    refreshMs: options.refreshMs,
  });
  fetchRoutes = (request) => app.fetch(request);

  const url = `http://${urlHost(browsable(address.address))}:${String(address.port)}/`;
  let closed: Promise<void> | undefined;
  return {
    url,
    token,
    loginUrl: `${url}?token=${token}`,
    loopbackOnly,
    redrive,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        // Browsers keep connections open; without this, close() would wait for them to time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** The operator's token (option, else `SOSW_DASHBOARD_TOKEN`, checked), or a new random one. */
function resolveToken(given: string | undefined): string {
  if (given !== undefined) return checkAccessToken(given, '--token');
  const fromEnv = process.env.SOSW_DASHBOARD_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') return checkAccessToken(fromEnv, 'SOSW_DASHBOARD_TOKEN');
  return newAccessToken();
}

/** This machine's host name and interface addresses: what reaches a dashboard listening on `0.0.0.0`. */
function machineNames(): string[] {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return [hostname(), ...addresses];
}

/**
 * The address to print for a bound one: a wildcard (`0.0.0.0`, `::`) is no address a browser can name
 * (and no Host the guard answers), so this machine's loopback of the same family stands for it.
 */
function browsable(address: string): string {
  if (!isWildcard(address)) return address;
  return address === '::' ? '::1' : '127.0.0.1';
}
