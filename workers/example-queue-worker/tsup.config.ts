import { defineConfig } from 'tsup';
import { serviceBundle } from '../../tsup.base.js';

export default defineConfig(serviceBundle);
