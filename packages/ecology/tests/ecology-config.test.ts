import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUDGET_COEFFICIENTS,
  DEFAULT_ECOLOGY_CONFIG,
  EcologyConfigError,
  ecologyConfigOf,
  parseEcologyConfig,
} from '../src/index.js';

describe('ecology config', () => {
  it("defaults to Moderate without data and sosw's coefficients", () => {
    expect(parseEcologyConfig({})).toEqual(DEFAULT_ECOLOGY_CONFIG);
    expect(parseEcologyConfig()).toEqual({
      statusWhenNoData: 2,
      budgetCoefficients: { 0: 0, 1: 0, 2: 0.5, 3: 0.75, 4: 1 },
    });
  });

  it('overrides coefficients status by status, with string keys from JSON', () => {
    const config = parseEcologyConfig(JSON.parse('{"budget_coefficients": {"2": 0.25, "1": 0.1}}'));
    expect(config.budgetCoefficients).toEqual({ 0: 0, 1: 0.1, 2: 0.25, 3: 0.75, 4: 1 });
    expect(DEFAULT_BUDGET_COEFFICIENTS[2]).toBe(0.5);
  });

  it('sets the status when there is no data', () => {
    expect(parseEcologyConfig({ status_when_no_data: 0 }).statusWhenNoData).toBe(0);
    expect(parseEcologyConfig({ status_when_no_data: 4 }).statusWhenNoData).toBe(4);
  });

  it.each([
    [
      { status_when_no_data: 5 },
      'ecology_config.status_when_no_data: must be an eco status: an integer 0..4',
    ],
    [
      { status_when_no_data: 2.5 },
      'ecology_config.status_when_no_data: must be an eco status: an integer 0..4',
    ],
    [
      { budget_coefficients: { '7': 1 } },
      'ecology_config.budget_coefficients.7: "7" is not an eco status (0..4)',
    ],
    [{ budget_coefficients: { '4': 1.5 } }, 'ecology_config.budget_coefficients.4: '],
    [{ budget_coefficients: { '1': -0.1 } }, 'ecology_config.budget_coefficients.1: '],
    [{ status_when_nodata: 2 }, 'ecology_config.status_when_nodata: unknown field'],
  ])('rejects %j naming the field', (input, issue) => {
    let caught: unknown;
    try {
      parseEcologyConfig(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EcologyConfigError);
    const issues = (caught as EcologyConfigError).issues.map((found) => `${found.path}: ${found.message}`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(issue);
  });
});

function issuesOf(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(EcologyConfigError);
    return (error as EcologyConfigError).issues.map((found) => `${found.path}: ${found.message}`);
  }
  throw new Error('expected an EcologyConfigError');
}

describe('ecologyConfigOf', () => {
  it("puts sosw's invocation_number_coefficient under ecology_config.budget_coefficients", () => {
    const config = ecologyConfigOf({
      invocation_number_coefficient: { '2': 0.2, '3': 0.6 },
      ecology_config: { status_when_no_data: 0, budget_coefficients: { '3': 0.9 } },
    });
    expect(config).toEqual({ statusWhenNoData: 0, budgetCoefficients: { 0: 0, 1: 0, 2: 0.2, 3: 0.9, 4: 1 } });
  });

  it.each([
    [{ '1': 5 }, 'invocation_number_coefficient.1: '],
    [{ '7': 0.5 }, 'invocation_number_coefficient.7: "7" is not an eco status (0..4)'],
    [{ '2': 'half' }, 'invocation_number_coefficient.2: expected number'],
  ])('names a bad invocation_number_coefficient %j by its own path', (coefficients, issue) => {
    const issues = issuesOf(() => ecologyConfigOf({ invocation_number_coefficient: coefficients }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(issue);
  });

  it('names the bad fields of both documents at once', () => {
    const issues = issuesOf(() =>
      ecologyConfigOf({
        invocation_number_coefficient: { '1': 5 },
        ecology_config: { budget_coefficients: { '2': -1 }, colour: 'red' },
      }),
    );
    expect(issues.map((issue) => issue.split(':')[0]).sort()).toEqual([
      'ecology_config.budget_coefficients.2',
      'ecology_config.colour',
      'invocation_number_coefficient.1',
    ]);
  });

  it('names a bad ecology_config field under ecology_config when the sosw coefficients are fine', () => {
    expect(
      issuesOf(() =>
        ecologyConfigOf({
          invocation_number_coefficient: { '1': 0.5 },
          ecology_config: { status_when_no_data: 9 },
        }),
      ),
    ).toEqual(['ecology_config.status_when_no_data: must be an eco status: an integer 0..4']);
  });
});
