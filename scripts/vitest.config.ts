import { soswVitestConfig } from '../vitest.shared.js';

export default soswVitestConfig();
