import { soswVitestConfig } from '../../vitest.shared.js';

// `pnpm bench`: the scenarios in bench/, against the same local endpoints as the tests, one at a time.
const config = soswVitestConfig({ dynamodb: true, s3: true });
config.test = {
  ...config.test,
  include: ['bench/**/*.bench.ts'],
  testTimeout: 1_800_000,
  fileParallelism: false,
};

export default config;
