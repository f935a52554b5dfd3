import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { CliError } from '../errors.js';
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
}

/** A running dashboard. */
export interface RunningDashboard {
  /** Where to open it, e.g. `http://127.0.0.1:8080/`. */
  url: string;
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
 * console.log(`dashboard: ${dashboard.url}`);
 * // ...
 * await dashboard.close();
 * ```
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_DASHBOARD_PORT;
  const data = new DashboardData(options);
  const [assets] = await Promise.all([loadAssets(), data.labourers()]);
  const app = createDashboardApp({ data, assets, refreshMs: options.refreshMs });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, hostname: host, port }, () => {
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
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}/`,
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
