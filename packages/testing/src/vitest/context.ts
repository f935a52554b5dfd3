// What the global setups hand to every test file through vitest's provide/inject.
// Optional: a package's config may enable one endpoint and not the other.

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's DynamoDB endpoint, from `dynamodb-global-setup.ts`. */
    dynamodbEndpoint?: string;
    /** This run's S3 endpoint, from `s3-global-setup.ts`. */
    s3Endpoint?: string;
  }
}

export {};
