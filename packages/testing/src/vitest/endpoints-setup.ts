// Runs in every test file: points the AWS SDK's standard endpoint variables at this run's local endpoints.
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../credentials.js';

process.env.AWS_REGION = LOCAL_REGION;
process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
const dynamodb = inject('dynamodbEndpoint') as string | undefined;
if (dynamodb) process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb;
const s3 = inject('s3Endpoint') as string | undefined;
if (s3) process.env.AWS_ENDPOINT_URL_S3 = s3;
