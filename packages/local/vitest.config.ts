import { mergeConfig } from 'vitest/config';
import { soswVitestConfig } from '../../vitest.shared.js';

// No shared endpoints: the tests start what they need. The local region and key pair in every test file.
export default mergeConfig(soswVitestConfig(), { test: { setupFiles: ['tests/helpers/local-env.ts'] } });
