// Runs in every test file: the region and key pair of the local endpoints, so a plain
// `new LambdaClient({ endpoint })` or `new CloudWatchClient({ endpoint })` signs its requests.
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../src/credentials.js';

process.env.AWS_REGION = LOCAL_REGION;
process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
