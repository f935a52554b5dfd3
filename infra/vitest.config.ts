import { soswVitestConfig } from '../vitest.shared.js';

// DynamoDB Local for table-access-calls.test.ts: the grants checked against the calls the essentials make.
export default soswVitestConfig({ dynamodb: true });
