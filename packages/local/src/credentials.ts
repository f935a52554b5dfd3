/**
 * The one key pair every local endpoint accepts. DynamoDB Local keeps one database per access key id,
 * and s3rver accepts only `S3RVER`/`S3RVER`, so every local client, service and test uses this pair.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** The region local clients claim; local endpoints ignore it, the SDK insists on one. */
export const LOCAL_REGION = 'us-east-1';
