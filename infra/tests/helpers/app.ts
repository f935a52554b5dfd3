import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  addSoswStacks,
  bundleCode,
  parseSoswSettings,
  WorkerStack,
  type SoswSettings,
  type SoswStacks,
} from '../../src/index.js';

/** The context in `cdk.json`, so the tests synthesize with what `cdk synth` uses. */
const CDK_JSON = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

export const WORKER_FIXTURE = fileURLToPath(new URL('../fixtures/worker', import.meta.url));

/** Settings as the app would parse them from this context. */
export function settingsFrom(context: Record<string, unknown> = {}): SoswSettings {
  return parseSoswSettings((key) => context[key]);
}

/** An app holding every stack of a stage, plus one worker stack (`importer`), from `context`. */
export function buildApp(context: Record<string, unknown> = {}): {
  app: App;
  settings: SoswSettings;
  stacks: SoswStacks;
  worker: WorkerStack;
} {
  const app = new App({ context: { ...CDK_JSON.context, ...context } });
  const settings = settingsFrom(context);
  const stacks = addSoswStacks(app, settings);
  const worker = new WorkerStack(app, {
    settings,
    workerName: 'importer',
    labourer: { code: bundleCode(WORKER_FIXTURE), maxSimultaneousInvocations: 10 },
  });
  return { app, settings, stacks, worker };
}

/** Every stack of a built app: the tables, the four essentials and the worker. */
export function allStacks(built: ReturnType<typeof buildApp>): Stack[] {
  const { stacks, worker } = built;
  return [
    stacks.tables,
    stacks.orchestrator,
    stacks.scavenger,
    stacks.scheduler,
    stacks.workerAssistant,
    worker,
  ];
}

/** The stack's template as a plain object, asset hashes replaced, so a rebuilt bundle does not churn snapshots. */
export function normalisedTemplate(stack: Stack): unknown {
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  return JSON.parse(json.replace(/[0-9a-f]{64}/g, '<asset-hash>')) as unknown;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * A CloudFormation value as a readable string: `Ref` as `${X}`, `Fn::GetAtt` as `${X.Attr}`, `Fn::Join`
 * joined, so `arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/dev_sosw_tasks`.
 */
export function flatten(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const ref = value.Ref;
    if (typeof ref === 'string') return `\${${ref.replace(/[0-9A-F]{8}$/, '')}}`;
    const getAtt = value['Fn::GetAtt'];
    // Logical ids lose their 8-character hash: `${EssentialLogsLogGroup.Arn}`.
    if (Array.isArray(getAtt))
      return `\${${getAtt.map((part) => flatten(part).replace(/[0-9A-F]{8}$/, '')).join('.')}}`;
    const join = value['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map((part) => flatten(part)).join(join[0]);
    }
  }
  return JSON.stringify(value);
}

/** One IAM statement, flattened: `actions` sorted, one `resource` (statements with several are split). */
export interface FlatStatement {
  readonly roles: string;
  readonly actions: string;
  readonly resource: string;
}

function list(value: Json | undefined): Json[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every statement of every `AWS::IAM::Policy` in a stack, one per resource, sorted. */
export function policyStatements(stack: Stack): FlatStatement[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy') as Record<
    string,
    { Properties: { Roles: Json[]; PolicyDocument: { Statement: Record<string, Json>[] } } }
  >;
  const flat: FlatStatement[] = [];
  for (const { Properties } of Object.values(policies)) {
    const roles = Properties.Roles.map((role) => flatten(role)).join(',');
    for (const statement of Properties.PolicyDocument.Statement) {
      if (statement.Effect !== 'Allow') throw new Error(`unexpected statement ${JSON.stringify(statement)}`);
      const actions = list(statement.Action)
        .map((action) => flatten(action))
        .sort()
        .join(' ');
      for (const resource of list(statement.Resource))
        flat.push({ roles, actions, resource: flatten(resource) });
    }
  }
  return flat.sort((a, b) => `${a.resource} ${a.actions}`.localeCompare(`${b.resource} ${b.actions}`));
}

/** `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<resource>`, as `flatten` renders it. */
export function arn(service: string, resource: string): string {
  return `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`;
}
