import { describe, expect, it } from 'vitest';
import { allStacks, buildApp, normalisedTemplate } from './helpers/app.js';

// A change to any template shows in review as a change to this snapshot. Asset hashes are replaced, so
// rebuilding a service bundle does not touch it; a change to infra does.
describe('synthesized templates', () => {
  const stacks = allStacks(buildApp());

  it.each(stacks.map((stack) => [stack.stackName, stack] as const))('%s', (_name, stack) => {
    expect(normalisedTemplate(stack)).toMatchSnapshot();
  });
});
