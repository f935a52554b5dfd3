import type { BuriedTask } from '../buried.js';
import { query, utc } from './format.js';
import { Layout, type PageContext } from './layout.js';

/** Buried tasks, newest first, each linking to its page. */
export function BuriedTable({ tasks }: { tasks: BuriedTask[] }) {
  if (tasks.length === 0) return <p class="muted">No buried tasks.</p>;
  return (
    <table class="buried">
      <thead>
        <tr>
          <th scope="col">task</th>
          <th scope="col">labourer</th>
          <th scope="col">buried at</th>
          <th scope="col" class="num">
            attempts
          </th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr>
            <td>
              <a href={`/tasks/${encodeURIComponent(task.task_id)}${query({ labourer: task.labourer_id })}`}>
                {task.task_id}
              </a>
            </td>
            <td>{task.labourer_id}</td>
            <td>{utc(task.closed_at)}</td>
            <td class="num">{task.attempts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The latest buried tasks of one labourer or of all, with the way to redrive them. */
export function BuriedPage(props: {
  page: PageContext;
  labourer: string | undefined;
  labourers: string[];
  tasks: BuriedTask[];
  limit: number;
}) {
  return (
    <Layout title="buried tasks" page={props.page}>
      <h2>
        Latest {props.limit} buried tasks{props.labourer === undefined ? '' : ` of ${props.labourer}`}
      </h2>
      <form action="/buried" method="get" class="inline">
        <select name="labourer" aria-label="labourer">
          <option value="">all labourers</option>
          {props.labourers.map((id) => (
            <option value={id} selected={id === props.labourer}>
              {id}
            </option>
          ))}
        </select>{' '}
        <button type="submit">Show</button>
      </form>
      <BuriedTable tasks={props.tasks} />
      {props.labourer === undefined || !props.page.redrive ? null : (
        <p>
          <a href={`/redrive${query({ labourer: props.labourer })}`}>
            Redrive the buried tasks of {props.labourer}…
          </a>
        </p>
      )}
    </Layout>
  );
}
