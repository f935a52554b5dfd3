/** The Lambda API operations the local endpoint serves, with the function they name. */
export type Route =
  | { operation: 'Invoke' | 'GetFunctionConfiguration'; functionName: string; qualifier: string | undefined }
  | { operation: 'unknown'; reason: string };

const API_VERSION = '2015-03-31';

/**
 * Which operation an HTTP request is, by method and path (Lambda API 2015-03-31):
 * `POST /2015-03-31/functions/{FunctionName}/invocations` is Invoke,
 * `GET /2015-03-31/functions/{FunctionName}/configuration` is GetFunctionConfiguration.
 * `FunctionName` arrives URL-encoded (the SDK encodes the `:` of an ARN); `Qualifier` is a query parameter.
 *
 * @example
 * ```ts
 * matchRoute('POST', '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Aw/invocations');
 * // { operation: 'Invoke', functionName: 'arn:aws:lambda:us-east-1:000000000000:function:w', qualifier: undefined }
 * ```
 */
export function matchRoute(method: string | undefined, url: string | undefined): Route {
  const parsed = new URL(url ?? '/', 'http://local');
  const segments = parsed.pathname.split('/');
  const [, version, collection, encodedName = '', action] = segments;
  const what = `${method ?? '?'} ${parsed.pathname}`;
  // ['', '2015-03-31', 'functions', '{FunctionName}', 'invocations' | 'configuration']
  if (segments.length !== 5 || version !== API_VERSION || collection !== 'functions') {
    return { operation: 'unknown', reason: `${what} is not an operation of the local Lambda endpoint` };
  }
  let functionName: string;
  try {
    functionName = decodeURIComponent(encodedName);
  } catch {
    return { operation: 'unknown', reason: `${what}: the function name is not URL-encoded properly` };
  }
  const qualifier = parsed.searchParams.get('Qualifier') ?? undefined;
  const operation =
    method === 'POST' && action === 'invocations'
      ? 'Invoke'
      : method === 'GET' && action === 'configuration'
        ? 'GetFunctionConfiguration'
        : undefined;
  if (operation === undefined || functionName === '') {
    return { operation: 'unknown', reason: `${what} is not an operation of the local Lambda endpoint` };
  }
  return { operation, functionName, qualifier };
}
