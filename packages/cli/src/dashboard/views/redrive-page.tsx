import type { RetryDeadResult } from '../../retry-dead.js';
import type { RedrivePreview } from '../data.js';
import { query, utc } from './format.js';
import { Layout, type PageContext } from './layout.js';

/**
 * The confirmation step of a redrive: how many buried tasks it would re-queue, and a form that posts the
 * single-use token back. Nothing changes until that form is sent.
 */
export function RedriveConfirmPage({ page, preview }: { page: PageContext; preview: RedrivePreview }) {
  return (
    <Layout title={`redrive ${preview.labourer}`} page={page}>
      <h2>Redrive buried tasks of {preview.labourer}</h2>
      <form action="/redrive" method="get" class="inline">
        <input type="hidden" name="labourer" value={preview.labourer} />
        <label>
          buried in the last{' '}
          <input name="hours" type="number" min="1" max="720" value={String(preview.hours)} /> hours
        </label>{' '}
        <button type="submit">Count again</button>
      </form>
      <p id="redrive-count">
        <strong>{preview.count}</strong> buried task{preview.count === 1 ? '' : 's'} of {preview.labourer},
        closed as dead since {utc(preview.since)}, will be sent back to the retry table with their attempts
        reset (as <code>sosw retry-dead</code> does); the scavenger's next run puts them at the front of the
        queue.
      </p>
      {preview.count === 0 ? (
        <p>
          Nothing to redrive. <a href="/">Back</a>
        </p>
      ) : (
        <form action="/redrive" method="post" class="confirm">
          <input type="hidden" name="labourer" value={preview.labourer} />
          <input type="hidden" name="since" value={String(preview.since)} />
          <input type="hidden" name="token" value={preview.token} />
          <button type="submit" id="confirm-redrive" class="danger">
            Re-queue {preview.count} task{preview.count === 1 ? '' : 's'}
          </button>{' '}
          <a href="/">Cancel</a>
        </form>
      )}
    </Layout>
  );
}

/** What a confirmed redrive did. */
export function RedriveDonePage(props: { page: PageContext; labourer: string; result: RetryDeadResult }) {
  const { requeued, skipped } = props.result;
  return (
    <Layout title={`redrive ${props.labourer}`} page={props.page}>
      <h2>Redrive of {props.labourer}</h2>
      <p id="redrive-result">
        <strong>{requeued.length}</strong> task{requeued.length === 1 ? '' : 's'} sent to the retry table
        {skipped.length === 0 ? '.' : `; ${skipped.length} skipped (they changed meanwhile).`}
      </p>
      <ul>
        {requeued.map((id) => (
          <li>
            <a href={`/tasks/${encodeURIComponent(id)}${query({ labourer: props.labourer })}`}>{id}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </Layout>
  );
}
