import type { Options } from 'tsup';

/**
 * The one build of a workspace library: ESM for Node 24 (Lambda `nodejs24.x`) with its `.d.ts`.
 * Dependencies stay external; the services bundle everything themselves.
 */
export const libraryBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node24',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
};
