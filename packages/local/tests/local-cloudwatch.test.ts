import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startLocalCloudWatch, type LocalCloudWatch } from '../src/index.js';

const latency = {
  namespace: 'sosw/demo',
  metricName: 'DownstreamLatency',
  dimensions: [
    { name: 'Service', value: 'stats-api' },
    { name: 'Stage', value: 'local' },
  ],
};

describe('startLocalCloudWatch, through the real CloudWatch client', () => {
  let cloudwatch: LocalCloudWatch;
  let client: CloudWatchClient;

  beforeAll(async () => {
    cloudwatch = await startLocalCloudWatch();
    client = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
  });
  afterAll(async () => {
    client.destroy();
    await cloudwatch.stop();
  });

  const read = (dimensions: { Name: string; Value: string }[], period = 60) =>
    client.send(
      new GetMetricDataCommand({
        StartTime: new Date('2026-11-22T10:00:00Z'),
        EndTime: new Date('2026-11-22T10:05:00Z'),
        MetricDataQueries: [
          {
            Id: 'm0',
            MetricStat: {
              Metric: { Namespace: 'sosw/demo', MetricName: 'DownstreamLatency', Dimensions: dimensions },
              Period: period,
              Stat: 'p99',
            },
          },
          {
            Id: 'm1',
            MetricStat: {
              Metric: { Namespace: 'sosw/demo', MetricName: 'NeverSet' },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );

  it('answers a set value as one datapoint at the end of the window, dimensions in any order', async () => {
    cloudwatch.set(latency, 900);
    const answer = await read([
      { Name: 'Stage', Value: 'local' },
      { Name: 'Service', Value: 'stats-api' },
    ]);
    const [set, never] = answer.MetricDataResults ?? [];
    expect(set).toMatchObject({ Id: 'm0', StatusCode: 'Complete', Values: [900] });
    expect(set?.Timestamps).toEqual([new Date('2026-11-22T10:04:00Z')]);
    expect(never).toMatchObject({ Id: 'm1', Values: [], Timestamps: [] });
  });

  it('takes values from PutMetricData, as the AWS CLI would send them', async () => {
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'sosw/demo',
        MetricData: [
          {
            MetricName: 'DownstreamLatency',
            Dimensions: [
              { Name: 'Service', Value: 'stats-api' },
              { Name: 'Stage', Value: 'local' },
            ],
            Value: 42,
          },
        ],
      }),
    );
    expect(cloudwatch.get(latency)).toBe(42);
    const answer = await read([
      { Name: 'Service', Value: 'stats-api' },
      { Name: 'Stage', Value: 'local' },
    ]);
    expect(answer.MetricDataResults?.[0]?.Values).toEqual([42]);
  });

  it('keeps metrics with other dimensions apart, and forgets a value set to undefined', async () => {
    cloudwatch.set(latency, 10);
    const other = await read([{ Name: 'Service', Value: 'stats-api' }]);
    expect(other.MetricDataResults?.[0]?.Values).toEqual([]);
    cloudwatch.set(latency, undefined);
    const gone = await read([
      { Name: 'Service', Value: 'stats-api' },
      { Name: 'Stage', Value: 'local' },
    ]);
    expect(gone.MetricDataResults?.[0]?.Values).toEqual([]);
    expect(cloudwatch.getMetricDataCalls).toBeGreaterThanOrEqual(4);
  });

  it('answers an operation it does not serve with an error naming it', async () => {
    await expect(client.send(new ListMetricsCommand({}))).rejects.toThrow(/ListMetrics/);
  });
});
