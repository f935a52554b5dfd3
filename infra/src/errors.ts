import { SoswError } from '@sosw/core';

/**
 * A context value of the CDK app (`-c key=value` or `cdk.json`) cannot be used. The message names the key,
 * the value given and what was expected.
 *
 * @example
 * // cdk synth -c stage=Prod
 * // InfraContextError: context "stage": "Prod" is not a stage name: lowercase letters, digits and hyphens, starting with a letter, at most 16
 */
export class InfraContextError extends SoswError {
  readonly key: string;

  constructor(key: string, message: string) {
    super(`context "${key}": ${message}`);
    this.key = key;
  }
}

/**
 * A Lambda bundle (`dist/handler.js`) is missing: the service or worker has not been built.
 *
 * @example
 * // MissingBundleError: no Lambda bundle at services/orchestrator/dist/handler.js; build it first: pnpm exec turbo run build --filter @sosw/infra^...
 */
export class MissingBundleError extends SoswError {
  readonly path: string;

  constructor(path: string, buildHint: string) {
    super(`no Lambda bundle at ${path}; build it first: ${buildHint}`);
    this.path = path;
  }
}

/** A construct was given a value it cannot use (a labourer id, a worker name); the message names the field. */
export class InfraPropsError extends SoswError {}
