import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/*
 * ARNs built from names, in the stack's own account and region. Stacks refer to each other's tables and
 * functions by their fixed names, never by CloudFormation exports, so each stack deploys on its own.
 */

/** The ARN of a DynamoDB table. */
export function tableArn(scope: Construct, tableName: string): string {
  return Stack.of(scope).formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
}

/** The ARN of one index of a DynamoDB table (`table/<name>/index/<index>`). */
export function indexArn(scope: Construct, tableName: string, indexName: string): string {
  return Stack.of(scope).formatArn({
    service: 'dynamodb',
    resource: 'table',
    resourceName: `${tableName}/index/${indexName}`,
  });
}

/** The ARN of a Lambda function, unqualified. */
export function functionArn(scope: Construct, functionName: string): string {
  return Stack.of(scope).formatArn({
    service: 'lambda',
    resource: 'function',
    resourceName: functionName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
