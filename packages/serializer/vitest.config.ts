import { soswVitestConfig } from '../../vitest.shared.js';

export default soswVitestConfig({ s3: true });
