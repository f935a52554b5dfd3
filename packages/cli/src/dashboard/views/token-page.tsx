import { html } from 'hono/html';

/**
 * What a browser without the access token sees: how to get in, and a box to paste the token into. Nothing
 * of the deployment (no prefix, no region, not even the stylesheet, which needs the token too).
 */
export function TokenPage(props: { path: string; message: string }) {
  const body = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>access token · sosw</title>
      </head>
      <body>
        <h1>sosw dashboard</h1>
        <p id="error">{props.message}.</p>
        <p>
          The terminal running <code>sosw dashboard</code> (or <code>pnpm start</code>) printed an address
          ending in <code>?token=…</code>: open that one, or paste its token here.
        </p>
        <form action={props.path} method="get">
          <label>
            token <input name="token" type="password" autocomplete="off" required />
          </label>{' '}
          <button type="submit">Open</button>
        </form>
      </body>
    </html>
  );
  return html`<!doctype html>${body}`;
}
