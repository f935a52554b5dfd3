import { mergeConfig } from 'vitest/config';
import { soswVitestConfig } from '../vitest.shared.js';

export default mergeConfig(soswVitestConfig({ dynamodb: true }), {
  test: {
    // The services log every run at INFO; faults make them log warnings by the thousand. Errors only.
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
    // One scenario at a time: each one loads the machine on purpose, and its figures mean something
    // only when it has the cores to itself (as far as the rest of CI allows).
    fileParallelism: false,
    // A scenario is a whole system run to convergence; each test says how long it may take.
    testTimeout: 300_000,
  },
});
