/**
 * The rules of a labourer's dispatch lease, apart from DynamoDB: when a lease may be taken over, when its
 * holder must stop claiming, when it renews, and when a newcomer should wait to take it over.
 *
 * Why a lease: the budget (`max_simultaneous_invocations` scaled by the ecology) is a promise about every
 * task of the labourer running at once. Two dispatchers that each count and claim would each fill the
 * budget. So one dispatcher at a time holds the labourer's lease (a conditional write), and only the
 * holder claims the labourer's tasks.
 *
 * The lease is kept by time, as every DynamoDB lease is (the DynamoDB Lock Client's heartbeats, for one):
 * the holder renews it well before it expires and stops claiming `CLAIM_MARGIN_MS` before it would expire
 * unrenewed; a newcomer takes over an unrenewed lease only `TAKEOVER_GRACE_MS` after its expiry. Between
 * the two, any claim the old holder sent has landed or failed (its requests time out well within it),
 * and the clocks of two Lambdas (both NTP-synced) agree far better than that.
 */

/** How long a lease lasts unrenewed. */
export const LEASE_TTL_MS = 15_000;

/** The holder renews once this much of the lease has passed: before half its claiming time is used. */
export const LEASE_RENEW_AFTER_MS = 4_000;

/** The holder sends no claim when its lease has less than this left unrenewed. */
export const CLAIM_MARGIN_MS = 4_000;

/** A newcomer takes over an unrenewed lease only this long after it expired. */
export const TAKEOVER_GRACE_MS = 3_000;

/** What a newcomer needs to know of a lease row. */
export type LeaseTimes = {
  /** Epoch ms when the lease expires unless renewed. */
  expires_at_ms: number;
  /** Epoch ms when its holder means to let go (the end of its Lambda's time). */
  ends_at_ms: number;
};

/**
 * Whether a lease row still binds everyone but its holder: its holder may still be claiming.
 *
 * @example
 * leaseIsLive({ expires_at_ms: 10_000, ends_at_ms: 50_000 }, 12_000); // true: within the takeover grace
 * leaseIsLive({ expires_at_ms: 10_000, ends_at_ms: 50_000 }, 13_001); // false
 */
export function leaseIsLive(lease: LeaseTimes, nowMs: number): boolean {
  return nowMs <= lease.expires_at_ms + TAKEOVER_GRACE_MS;
}

/**
 * Whether the holder may still send a claim: its lease, as last renewed, has at least `CLAIM_MARGIN_MS`
 * left.
 *
 * @example
 * mayClaim(20_000, 15_000); // true
 * mayClaim(20_000, 17_000); // false
 */
export function mayClaim(expiresAtMs: number, nowMs: number): boolean {
  return nowMs + CLAIM_MARGIN_MS <= expiresAtMs;
}

/**
 * Whether the holder should renew now (its last renewal is `LEASE_RENEW_AFTER_MS` old).
 *
 * @example
 * renewDue(15_000, 3_000); // false: renewed at 0, 3 s ago
 * renewDue(15_000, 4_000); // true
 */
export function renewDue(expiresAtMs: number, nowMs: number): boolean {
  return nowMs >= expiresAtMs - LEASE_TTL_MS + LEASE_RENEW_AFTER_MS;
}

/**
 * Whether a scheduled run that finds the lease held should wait to take it over rather than leave: when
 * the holder means to let go before the next scheduled run comes (`periodMs` from now), waiting makes the
 * handover seamless; otherwise the holder goes on and a later run takes over.
 *
 * @example
 * shouldAwaitHandover({ expires_at_ms: 0, ends_at_ms: 100_000 }, 50_000, 60_000); // true
 * shouldAwaitHandover({ expires_at_ms: 0, ends_at_ms: 200_000 }, 50_000, 60_000); // false
 */
export function shouldAwaitHandover(lease: LeaseTimes, nowMs: number, periodMs: number): boolean {
  return lease.ends_at_ms <= nowMs + periodMs;
}
