import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addSoswStacks, soswSettings } from '../src/index.js';
import { addWorkerStacks } from './workers.js';

// The sosw CDK app: `cdk synth -c stage=prod`. Stacks are environment-agnostic (the account and region
// come from the credentials at deploy time), so synth works offline, without credentials.
const app = new App();
const settings = soswSettings(app);
addSoswStacks(app, settings);
await addWorkerStacks(app, settings);
// cdk-nag's AWS Solutions rules run at every synth: a finding that nobody acknowledged fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
