import type { S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * The S3 client settings a local endpoint needs: path-style addresses (no bucket subdomains on
 * 127.0.0.1), and checksums only where S3 requires them — s3rver does not understand the SDK's default
 * `aws-chunked` uploads with checksum trailers, and would store the chunk framing as the object's data.
 * The test setup sets the same through `AWS_REQUEST_CHECKSUM_CALCULATION` and
 * `AWS_RESPONSE_CHECKSUM_VALIDATION`, so a plain `new S3Client({ forcePathStyle: true })` works too.
 *
 * @example
 * ```ts
 * const s3 = new S3Client({ ...LOCAL_S3_CLIENT_CONFIG, endpoint: local.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
 * ```
 */
export const LOCAL_S3_CLIENT_CONFIG = {
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const satisfies S3ClientConfig;
