import { LOCAL_ACCOUNT_ID, LOCAL_RUNTIME } from './local-lambda-limits.js';
import type { DeployedFunction } from './local-lambda-function.js';

/**
 * The `GetFunctionConfiguration` answer for a local function, in the shape Lambda gives it. `Timeout` is
 * what matters most: the orchestrator takes a labourer's duration from it.
 *
 * @example
 * ```ts
 * functionConfiguration(fn).Timeout; // 3 unless the function says otherwise
 * ```
 */
export function functionConfiguration(fn: DeployedFunction): Record<string, unknown> {
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: LOCAL_RUNTIME,
    Role: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${fn.name}-role`,
    Handler: fn.handlerSetting,
    CodeSize: 0,
    Description: 'Served by the local Lambda endpoint of @sosw/testing',
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memorySize,
    // Lambda's own format: milliseconds and a `+0000` offset.
    LastModified: fn.lastModified.toISOString().replace('Z', '+0000'),
    CodeSha256: '',
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['arm64'],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}
