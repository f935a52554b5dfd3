import { mergeConfig } from 'vitest/config';
import { soswVitestConfig } from '../vitest.shared.js';

// The essentials log every run at INFO; here only their warnings and errors are worth reading.
export default mergeConfig(soswVitestConfig({ dynamodb: true }), {
  test: { env: { POWERTOOLS_LOG_LEVEL: 'WARN' } },
});
