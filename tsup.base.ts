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

/**
 * The build of a service: one self-contained ESM file, `dist/handler.js`, exporting `handler`, for Lambda
 * `nodejs24.x` on arm64. Everything is bundled, the AWS SDK included, so a deployment runs exactly the
 * versions the tests ran. Workspace packages are bundled from their sources (the `@sosw/source` condition).
 */
export const serviceBundle: Options = {
  entry: { handler: 'src/handler.ts' },
  format: ['esm'],
  target: 'node24',
  platform: 'node',
  bundle: true,
  noExternal: [/.*/],
  splitting: false,
  sourcemap: true,
  clean: true,
  dts: false,
  minify: false,
  esbuildOptions(options) {
    options.conditions = ['@sosw/source', 'node', 'import'];
    options.mainFields = ['module', 'main'];
  },
  // Bundled CommonJS dependencies call `require`; an ES module has none unless we make one.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
};
