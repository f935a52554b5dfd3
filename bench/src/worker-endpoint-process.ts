/**
 * The local Lambda endpoint the orchestrator invokes, in a process of its own (started by
 * `worker-endpoint.ts`): its HTTP server and the worker's handler then do not take CPU from the process
 * being measured, as a real Lambda service would not. Prints its endpoint as one JSON line, then serves
 * until it is sent SIGTERM.
 */
import { startLocalLambda } from '@sosw/testing';

const [name] = process.argv.slice(2);
if (name === undefined) throw new Error('usage: worker-endpoint-process.ts <function name>');
// An asynchronous invoke is answered 202 before the handler runs; the handler does nothing.
const lambda = await startLocalLambda({ functions: { [name]: { handler: () => undefined } } });
console.log(JSON.stringify({ endpoint: lambda.endpoint }));
process.once('SIGTERM', () => {
  void lambda.stop().then(() => process.exit(0));
});
