import type { BuriedTask } from '../buried.js';
import { THROUGHPUT_HOURS } from '../data.js';
import type { Figures } from '../figures.js';
import { BuriedTable } from './buried-page.js';
import { Layout, type PageContext } from './layout.js';
import { LabourerTable } from './labourer-table.js';

/** The front page: the labourer table (live), the throughput and queue charts, the latest buried tasks. */
export function HomePage(props: {
  page: PageContext;
  figures: Figures;
  buried: BuriedTask[];
  refreshMs: number;
}) {
  const { figures } = props;
  return (
    <Layout title="dashboard" page={props.page} refreshMs={props.refreshMs}>
      <section>
        <h2>
          Labourers <small id="refreshed">live, every {props.refreshMs / 1000} s</small>
        </h2>
        <LabourerTable figures={figures} redrive={props.page.redrive} />
      </section>
      <section class="charts">
        <h2>Throughput</h2>
        <form id="chart-options" class="inline">
          <label>
            labourer{' '}
            <select name="labourer">
              <option value="">all</option>
              {figures.labourers.map((row) => (
                <option value={row.labourer}>{row.labourer}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            last{' '}
            <select name="hours">
              {THROUGHPUT_HOURS.map((hours) => (
                <option value={String(hours)} selected={hours === 3}>
                  {hours} h
                </option>
              ))}
            </select>
          </label>
        </form>
        <figure>
          <canvas id="throughput-chart" aria-label="tasks completed and buried per minute"></canvas>
          <figcaption>
            Tasks archived as completed and buried per minute, from the closed table's index by{' '}
            <code>closed_at</code>.
          </figcaption>
        </figure>
        <figure>
          <canvas id="queue-chart" aria-label="queue length over time"></canvas>
          <figcaption id="queue-caption">
            Queue length as this dashboard sampled it on each refresh since it started: the tables keep no
            history of the queue, so the chart begins when the dashboard did.
          </figcaption>
        </figure>
      </section>
      <section>
        <h2>
          Latest buried tasks{' '}
          <small>
            <a href="/buried">more</a>
          </small>
        </h2>
        <BuriedTable tasks={props.buried} />
      </section>
    </Layout>
  );
}
