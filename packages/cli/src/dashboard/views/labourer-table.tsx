import { capText, type LabourerProgress } from '../../progress.js';
import type { Figures } from '../figures.js';
import { query, utc } from './format.js';

type Count = 'queued' | 'running' | 'expired' | 'completed' | 'retrying' | 'closedOk' | 'dead';

/** The count columns, as `sosw status` names them. */
const COUNTS: ReadonlyArray<{ key: Count; heading: string; title: string }> = [
  { key: 'queued', heading: 'queued', title: 'waiting to be invoked (greenfield < now)' },
  { key: 'running', heading: 'running', title: 'invoked, not completed, not expired' },
  {
    key: 'expired',
    heading: 'expired',
    title: 'invoked, never completed: the scavenger sends them to retry',
  },
  { key: 'completed', heading: 'awaiting archive', title: 'completed, waiting for the scavenger to archive' },
  { key: 'retrying', heading: 'retrying', title: 'in the retry table, due or not' },
  { key: 'closedOk', heading: 'closed ok 24 h', title: 'archived as completed in the last 24 h' },
  { key: 'dead', heading: 'buried 24 h', title: 'closed as dead in the last 24 h' },
];

/** A metric's value as the operator reads it: the number, or why there is none. */
function metricValue(metric: LabourerProgress['eco']['metrics'][number]): string {
  if (metric.outcome === 'value' && metric.value !== undefined) return String(metric.value);
  return metric.outcome === 'no_data' ? 'no data' : 'unreadable';
}

/** One labourer's row: counts, eco status, budget, the metrics behind the status, and its links. */
function LabourerRow({ row, redrive }: { row: LabourerProgress; redrive: boolean }) {
  return (
    <tr data-labourer={row.labourer}>
      <th scope="row">{row.labourer}</th>
      {COUNTS.map(({ key }) => (
        <td class="num" data-field={key}>
          {row[key]}
        </td>
      ))}
      <td data-field="eco">
        <span class={`eco eco-${row.eco.status}`}>
          {row.eco.status} {row.eco.statusName}
        </span>
      </td>
      <td class="num" data-field="budget">
        {row.eco.budget}
      </td>
      <td class="num" data-field="cap">
        {capText(row)}
      </td>
      <td class="metrics">
        {row.eco.metrics.length === 0 ? (
          <span class="muted">none</span>
        ) : (
          <ul>
            {row.eco.metrics.map((metric) => (
              <li>
                {metric.name}: {metricValue(metric)}{' '}
                <span class={`eco eco-${metric.status}`}>{metric.status}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td class="actions">
        <a href={`/buried${query({ labourer: row.labourer })}`}>buried</a>
        {redrive ? (
          <>
            {' '}
            <a href={`/redrive${query({ labourer: row.labourer })}`}>redrive…</a>
          </>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * The rows of the labourer table and a totals row. Rendered with the page and again by
 * `/fragments/labourers`, which the page script fetches on every refresh: one definition of the columns.
 */
export function LabourerRows({ figures, redrive }: { figures: Figures; redrive: boolean }) {
  const total = (key: Count) => figures.labourers.reduce((sum, row) => sum + row[key], 0);
  return (
    <tbody id="labourer-rows" data-at={figures.at}>
      {figures.labourers.map((row) => (
        <LabourerRow row={row} redrive={redrive} />
      ))}
      <tr class="totals">
        <th scope="row">all {figures.labourers.length} labourers</th>
        {COUNTS.map(({ key }) => (
          <td class="num" data-total={key}>
            {total(key)}
          </td>
        ))}
        <td colspan={5} class="muted">
          read {utc(figures.at, 'ms')}
        </td>
      </tr>
    </tbody>
  );
}

/** The labourer table: live figures of every labourer, refreshed by the page script. */
export function LabourerTable({ figures, redrive }: { figures: Figures; redrive: boolean }) {
  return (
    <table class="labourers">
      <thead>
        <tr>
          <th scope="col">labourer</th>
          {COUNTS.map(({ heading, title }) => (
            <th scope="col" title={title} class="num">
              {heading}
            </th>
          ))}
          <th scope="col" title="0 Bad … 4 High: the lowest status of its health metrics">
            eco status
          </th>
          <th scope="col" class="num" title="invocations the orchestrator may start now">
            budget
          </th>
          <th
            scope="col"
            class="num"
            title="tasks that may run at once: running is kept at it while there is work, never above; 'learned' while workers meet throttling and the dispatcher keeps below the eco cap"
          >
            cap
          </th>
          <th scope="col">health metrics</th>
          <th scope="col"></th>
        </tr>
      </thead>
      <LabourerRows figures={figures} redrive={redrive} />
    </table>
  );
}
