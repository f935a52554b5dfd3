import { describe, expect, it } from 'vitest';
import { everySourceApp } from '../../helpers/every-source-app.js';
import { fixture } from '../../helpers/event-fixtures.js';
import { lambdaContext } from '../../helpers/factories.js';

describe('schedule: the infra schedule’s event goes to the onSchedule of its name', () => {
  it("sosw's schedule event: the payload to onSchedule, schema-parsed", async () => {
    const { handler, calls } = everySourceApp();
    await expect(handler(fixture('sosw-schedule'), lambdaContext())).resolves.toBeUndefined();
    expect(calls).toEqual([{ handler: 'schedule', input: { days: 1 }, detail: 'cron(0 3 * * ? *)' }]);
  });
});
