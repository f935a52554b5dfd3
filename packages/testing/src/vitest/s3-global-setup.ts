// Vitest global setup: one local S3 endpoint (s3rver) for the whole test run.
import type { TestProject } from 'vitest/node';
import { startLocalS3 } from '../s3-local.js';
import './context.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const s3 = await startLocalS3();
  project.provide('s3Endpoint', s3.endpoint);
  return () => s3.stop();
}
