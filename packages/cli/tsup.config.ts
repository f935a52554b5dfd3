import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

// Two builds in parallel into one dist/: neither cleans it, or one could wipe the other's output.
export default defineConfig([
  { ...libraryBuild, clean: false },
  // The `sosw` executable.
  { ...libraryBuild, entry: ['src/bin.ts'], dts: false, clean: false, banner: { js: '#!/usr/bin/env node' } },
]);
