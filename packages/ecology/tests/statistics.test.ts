import { describe, expect, it } from 'vitest';
import { isMetricStatistic, isPercentile, metricValue } from '../src/index.js';

describe('statistics', () => {
  it.each(['p99', 'p99.9', 'p50', 'p0', 'p0.1', 'p100', 'p99.99'])('%s is a percentile', (statistic) => {
    expect(isPercentile(statistic)).toBe(true);
    expect(isMetricStatistic(statistic)).toBe(true);
  });

  it.each(['p101', 'p', 'p99.999', 'P99', 'p-1', 'tm99', 'Average', 'p99 '])(
    '%j is not a percentile',
    (statistic) => {
      expect(isPercentile(statistic)).toBe(false);
    },
  );

  it.each(['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'])('%s is a statistic', (statistic) => {
    expect(isMetricStatistic(statistic)).toBe(true);
  });

  it.each(['Median', 'average', ''])('%j is not a statistic', (statistic) => {
    expect(isMetricStatistic(statistic)).toBe(false);
  });
});

describe('metricValue', () => {
  const values = [10, 20, 60];

  it('averages the Average of the periods', () => {
    expect(metricValue('Average', values, '<=')).toBe(30);
  });

  it('takes the extreme for Minimum and Maximum', () => {
    expect(metricValue('Minimum', values, '<=')).toBe(10);
    expect(metricValue('Maximum', values, '>=')).toBe(60);
  });

  it('adds up Sum and SampleCount over the window', () => {
    expect(metricValue('Sum', values, '<')).toBe(90);
    expect(metricValue('SampleCount', values, '>')).toBe(90);
  });

  it('takes the worst period of a percentile, by the direction of the operator', () => {
    expect(metricValue('p99', values, '<=')).toBe(60);
    expect(metricValue('p99.9', values, '<')).toBe(60);
    expect(metricValue('p10', values, '>=')).toBe(10);
    expect(metricValue('p10', values, '>')).toBe(10);
  });

  it('has no value without datapoints, rather than zero', () => {
    expect(metricValue('Sum', [], '<=')).toBeUndefined();
    expect(metricValue('Average', [], '<=')).toBeUndefined();
  });
});
