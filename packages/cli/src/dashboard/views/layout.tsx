import type { Child } from 'hono/jsx';
import { html } from 'hono/html';

/** What every page shows in its header. */
export interface PageContext {
  prefix: string;
  /** Where the tables are: the local endpoint, or the AWS region. */
  target: string;
  /** Whether this dashboard redrives (off when it listens beyond this machine): pages link to it only then. */
  redrive: boolean;
}

/**
 * The frame of every page: the stylesheet, Chart.js and the page script (all served by the dashboard
 * itself, never from a CDN), a header with the deployment, and the page.
 */
export function Layout(props: { title: string; page: PageContext; children?: Child; refreshMs?: number }) {
  const body = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · sosw</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/chart.umd.min.js" defer></script>
        <script src="/assets/dashboard.js" defer></script>
      </head>
      <body data-refresh-ms={props.refreshMs}>
        <header>
          <a href="/" class="brand">
            sosw
          </a>
          <span>
            prefix <code>{props.page.prefix === '' ? '(none)' : props.page.prefix}</code> ·{' '}
            {props.page.target}
          </span>
          <form action="/tasks" method="get" class="lookup">
            <input name="id" placeholder="task id" aria-label="task id" required />
            <button type="submit">Open task</button>
          </form>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
  return html`<!doctype html>${body}`;
}
