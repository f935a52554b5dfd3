import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BUDGET_COEFFICIENTS,
  DEFAULT_ECOLOGY_CONFIG,
  EcologyConfigError,
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
