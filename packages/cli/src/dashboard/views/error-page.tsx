import { Layout, type PageContext } from './layout.js';

/** A page that says what went wrong and what to do about it. */
export function ErrorPage(props: {
  page: PageContext;
  status: number;
  message: string;
  hint?: string | undefined;
}) {
  return (
    <Layout title={props.status === 404 ? 'not found' : 'error'} page={props.page}>
      <h2>
        {props.status === 404
          ? 'Not found'
          : props.status === 400
            ? 'Bad request'
            : props.status === 403
              ? 'Not allowed'
              : 'Something failed'}
      </h2>
      <p class="error" id="error">
        {props.message}
      </p>
      {props.hint === undefined ? null : <p>{props.hint}</p>}
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </Layout>
  );
}
