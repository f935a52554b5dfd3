import type { MetaRow } from '@sosw/task-manager';
import type { TaskView } from '../data.js';
import { prettyRow, utc } from './format.js';
import { Layout, type PageContext } from './layout.js';

/** A row of the task, if that table has one. */
function RowSection({ title, row }: { title: string; row: object | undefined }) {
  if (row === undefined) return null;
  return (
    <section>
      <h3>{title}</h3>
      <pre>{prettyRow(row)}</pre>
    </section>
  );
}

/** The task's life, one meta row per event, oldest first. */
function Timeline({ meta }: { meta: MetaRow[] }) {
  if (meta.length === 0) return <p class="muted">No meta rows (tasks created by Python sosw have none).</p>;
  return (
    <ol class="timeline" id="timeline">
      {meta.map((row) => (
        <li data-action={row.action}>
          <time>{utc(row.created_at)}</time> <strong>{row.action}</strong>{' '}
          <span class="muted">by {row.author}</span>
          {row.invocation_id === undefined ? null : (
            <span class="muted"> (invocation {row.invocation_id})</span>
          )}
          {row.details === undefined ? null : <pre>{JSON.stringify(row.details, null, 2)}</pre>}
        </li>
      ))}
    </ol>
  );
}

/** One task: where it is, its rows in the tasks, closed and retry tables, and its meta timeline. */
export function TaskPage({ page, taskId, view }: { page: PageContext; taskId: string; view: TaskView }) {
  return (
    <Layout title={`task ${taskId}`} page={page}>
      <h2>
        Task <code>{taskId}</code>
      </h2>
      <p id="where">
        Now: <strong>{view.where}</strong>
      </p>
      <h3>Timeline</h3>
      <Timeline meta={view.meta} />
      <RowSection title="Tasks table row" row={view.task} />
      <RowSection title="Closed table row" row={view.closed} />
      <RowSection title="Retry table row" row={view.retry} />
    </Layout>
  );
}
