/** A handler's answer, as Lambda sees it: it threw, or it returned `response`. */
export type HandlerAnswer = { threw: true } | { threw: false; response: unknown };

/**
 * Lambda's documented reading of a `ReportBatchItemFailures` answer, shared by SQS and DynamoDB streams
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting,
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html), written here
 * independently of the code under test:
 *
 * - `'whole batch'` failed: the function threw; an invalid response; an `itemIdentifier` that is empty,
 *   null, under a bad key name, or not one of `batchIds`;
 * - `[]`, the whole batch succeeded: a null or empty response, a null or empty `batchItemFailures` list;
 * - otherwise the listed identifiers, each one of `batchIds`.
 */
export function reportedFailures(
  batchIds: readonly string[],
  answer: HandlerAnswer,
): string[] | 'whole batch' {
  if (answer.threw) return 'whole batch';
  const response = answer.response;
  if (response === null || response === undefined) return [];
  if (typeof response !== 'object' || Array.isArray(response)) return 'whole batch';
  if (Object.keys(response).length === 0) return [];
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return [];
  if (!Array.isArray(failures)) return 'whole batch';
  const ids: string[] = [];
  for (const failure of failures as unknown[]) {
    if (typeof failure !== 'object' || failure === null) return 'whole batch';
    const keys = Object.keys(failure);
    const id = (failure as { itemIdentifier?: unknown }).itemIdentifier;
    if (keys.length !== 1 || keys[0] !== 'itemIdentifier') return 'whole batch';
    if (typeof id !== 'string' || id === '' || !batchIds.includes(id)) return 'whole batch';
    ids.push(id);
  }
  return ids;
}
