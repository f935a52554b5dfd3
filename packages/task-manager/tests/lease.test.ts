import { FixedClock } from '@sosw/core';
import { DynamoClient } from '@sosw/dynamo-client';
import { createTestTables, type TestTables } from '@sosw/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabourerLeases, leaseScope } from '../src/dispatch/lease.js';
import {
  CLAIM_MARGIN_MS,
  LEASE_TTL_MS,
  leaseIsLive,
  mayClaim,
  renewDue,
  shouldAwaitHandover,
  TAKEOVER_GRACE_MS,
} from '../src/dispatch/lease-rules.js';
import { NOW_MS } from './helpers/factories.js';

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables();
});
afterAll(() => tables.drop());

function leasesAt(clock: FixedClock) {
  return new LabourerLeases({ db: new DynamoClient(), table: tables.names.dispatch, clock });
}

describe('lease rules', () => {
  it('a lease binds until its expiry plus the takeover grace', () => {
    const lease = { expires_at_ms: NOW_MS, ends_at_ms: NOW_MS + 60_000 };
    expect(leaseIsLive(lease, NOW_MS + TAKEOVER_GRACE_MS)).toBe(true);
    expect(leaseIsLive(lease, NOW_MS + TAKEOVER_GRACE_MS + 1)).toBe(false);
  });

  it('the holder claims only with the margin left, and renews long before that', () => {
    const expiresAt = NOW_MS + LEASE_TTL_MS;
    expect(mayClaim(expiresAt, expiresAt - CLAIM_MARGIN_MS)).toBe(true);
    expect(mayClaim(expiresAt, expiresAt - CLAIM_MARGIN_MS + 1)).toBe(false);
    expect(renewDue(expiresAt, NOW_MS)).toBe(false);
    // Due before half the claiming time is used: a slow renewal costs no claims.
    const firstDue = [...Array(LEASE_TTL_MS).keys()].find((ms) => renewDue(expiresAt, NOW_MS + ms))!;
    expect(firstDue).toBeLessThanOrEqual((LEASE_TTL_MS - CLAIM_MARGIN_MS) / 2);
  });

  it('a newcomer waits only for a holder whose time ends before the next scheduled run', () => {
    const held = { expires_at_ms: NOW_MS + LEASE_TTL_MS, ends_at_ms: NOW_MS + 50_000 };
    expect(shouldAwaitHandover(held, NOW_MS, 60_000)).toBe(true);
    expect(shouldAwaitHandover({ ...held, ends_at_ms: NOW_MS + 200_000 }, NOW_MS, 60_000)).toBe(false);
  });
});

describe('LabourerLeases', () => {
  it('one holder at a time: a second acquire gets the live row', async () => {
    const clock = new FixedClock(NOW_MS);
    const leases = leasesAt(clock);
    const first = await leases.acquire('one', { owner: 'a', endsAtMs: NOW_MS + 60_000 });
    const second = await leases.acquire('one', { owner: 'b', endsAtMs: NOW_MS + 60_000 });
    expect(first.lease).toBeDefined();
    expect(second.held).toMatchObject({ scope: leaseScope('one'), owner: 'a', token: first.lease!.token });
    expect(second.lease).toBeUndefined();
  });

  it('two newcomers at once: exactly one takes a free lease', async () => {
    const clock = new FixedClock(NOW_MS);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, n) => leasesAt(clock).acquire('race', { owner: `r${n}`, endsAtMs: 0 })),
    );
    expect(results.filter((result) => result.lease !== undefined)).toHaveLength(1);
  });

  it('an unrenewed lease is taken over after expiry and grace; the old holder can then change nothing', async () => {
    const clock = new FixedClock(NOW_MS);
    const leases = leasesAt(clock);
    const { lease: old } = await leases.acquire('stale', { owner: 'old', endsAtMs: 0 });
    clock.advance(LEASE_TTL_MS + TAKEOVER_GRACE_MS);
    expect((await leases.acquire('stale', { owner: 'new', endsAtMs: 0 })).held).toBeDefined();
    clock.advance(1);
    const { lease: taken } = await leases.acquire('stale', { owner: 'new', endsAtMs: 0 });
    expect(taken).toBeDefined();
    expect(await leases.renew(old!)).toBe(false);
    expect(await leases.release(old!)).toBe('lost');
    await leases.abandon(old!);
    expect((await leases.read('stale'))?.token).toBe(taken!.token);
  });

  it('renewing moves the expiry and reads the wakes', async () => {
    const clock = new FixedClock(NOW_MS);
    const leases = leasesAt(clock);
    const { lease } = await leases.acquire('renew', { owner: 'a', endsAtMs: 0 });
    clock.advance(10_000);
    expect(await leases.wake('renew')).toBe(true);
    expect(await leases.renew(lease!)).toBe(true);
    expect(lease).toMatchObject({
      expiresAtMs: NOW_MS + 10_000 + LEASE_TTL_MS,
      wakesSeen: 0,
      wakesLatest: 1,
    });
  });

  it('a holder that found no work keeps the lease when work was announced since it looked', async () => {
    const clock = new FixedClock(NOW_MS);
    const leases = leasesAt(clock);
    const { lease } = await leases.acquire('woken', { owner: 'a', endsAtMs: 0 });
    // It looks (wakesSeen 0), finds the queue empty; meanwhile a request wakes it.
    expect(await leases.wake('woken')).toBe(true);
    expect(await leases.release(lease!)).toBe('woken');
    expect(lease!.wakesLatest).toBe(1);
    // It looks again with what it read, and lets go.
    lease!.wakesSeen = lease!.wakesLatest;
    expect(await leases.release(lease!)).toBe('released');
    // The row stays, released: not live, nobody to wake, and a holder that let go cannot renew it.
    expect(await leases.read('woken')).toMatchObject({ expires_at_ms: 0, released_at_ms: NOW_MS, owner: '' });
    expect(await leases.wake('woken')).toBe(false);
    expect(await leases.renew(lease!)).toBe(false);
  });

  it('waking needs a live holder: no row, or a dead one, is not woken', async () => {
    const clock = new FixedClock(NOW_MS);
    const leases = leasesAt(clock);
    expect(await leases.wake('nobody')).toBe(false);
    await leases.acquire('dead', { owner: 'a', endsAtMs: 0 });
    clock.advance(LEASE_TTL_MS + TAKEOVER_GRACE_MS + 1);
    expect(await leases.wake('dead')).toBe(false);
  });

  it('a new holder carries the wakes over, so a wake sent to a dying holder is not lost', async () => {
    const clock = new FixedClock(NOW_MS);
    const leases = leasesAt(clock);
    await leases.acquire('carry', { owner: 'a', endsAtMs: 0 });
    await leases.wake('carry');
    clock.advance(LEASE_TTL_MS + TAKEOVER_GRACE_MS + 1);
    const { lease } = await leases.acquire('carry', { owner: 'b', endsAtMs: 0 });
    expect(lease).toMatchObject({ wakesSeen: 1 });
  });
});
