import { soswVitestConfig } from '../../vitest.shared.js';

// No endpoints: the worker's only AWS call is ChangeMessageVisibility, which its tests never reach.
export default soswVitestConfig();
