// Runs in every test file: points the AWS SDK's standard environment variables at this run's local
// endpoints, so a plain `new DynamoDBClient({})` or `new S3Client({ forcePathStyle: true })` reaches them.
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '@sosw/local';
import './context.js';

process.env.AWS_REGION = LOCAL_REGION;
process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;

const dynamodb = inject('dynamodbEndpoint');
if (dynamodb !== undefined) process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb;

const s3 = inject('s3Endpoint');
if (s3 !== undefined) {
  process.env.AWS_ENDPOINT_URL_S3 = s3;
  // s3rver cannot read the SDK's default aws-chunked uploads with checksum trailers (see LOCAL_S3_CLIENT_CONFIG).
  process.env.AWS_REQUEST_CHECKSUM_CALCULATION = 'WHEN_REQUIRED';
  process.env.AWS_RESPONSE_CHECKSUM_VALIDATION = 'WHEN_REQUIRED';
}
