import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** Local endpoints a package's tests need; each one is started once per test run by a global setup. */
export interface TestEndpoints {
  /** DynamoDB Local (AWS_ENDPOINT_URL_DYNAMODB, or a container, or the JVM). */
  dynamodb?: boolean;
  /** A local S3 endpoint (s3rver). */
  s3?: boolean;
}

const harness = (file: string) =>
  fileURLToPath(new URL(`./packages/testing/src/vitest/${file}`, import.meta.url));

// Workspace packages resolve to their TypeScript source in tests: no build needed, never stale.
// No 'module' condition: it would send Node to the AWS SDK's extension-less bundler build.
const conditions = ['@sosw/source', 'node', 'development|production'];

/** The vitest config of every workspace package: `export default soswVitestConfig({ dynamodb: true })`. */
export function soswVitestConfig(endpoints: TestEndpoints = {}): ViteUserConfig {
  const globalSetup: string[] = [];
  if (endpoints.dynamodb) globalSetup.push(harness('dynamodb-global-setup.ts'));
  if (endpoints.s3) globalSetup.push(harness('s3-global-setup.ts'));
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    // Where vitest runs the global setups: they start DynamoDB Local through @sosw/local.
    environments: { __vitest__: { resolve: { conditions } } },
    test: {
      include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
      globalSetup,
      setupFiles: globalSetup.length > 0 ? [harness('endpoints-setup.ts')] : [],
      // Generous: on a 2-core CI machine every package's tests and DynamoDB Local share the cores.
      testTimeout: 60_000,
      hookTimeout: 120_000,
      restoreMocks: true,
    },
  });
}
