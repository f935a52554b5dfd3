import { randomUUID } from 'node:crypto';
import type { Clock } from '@sosw/core';
import { ConditionFailedError, type DynamoClient } from '@sosw/dynamo-client';
import type { DispatchState } from './dispatch-state.js';
import { LEASE_TTL_MS, leaseIsLive, TAKEOVER_GRACE_MS, type LeaseTimes } from './lease-rules.js';

/** A row of `sosw_dispatch` for a labourer: its dispatch lease. */
export type LeaseRow = LeaseTimes & {
  /** `labourer#<labourer id>`. */
  scope: string;
  labourer_id: string;
  /** Who holds it: the holder's function name and request id, for people reading the table. */
  owner: string;
  /** New at every acquisition: every write of the holder is conditional on it. */
  token: string;
  /** Bumped by whoever has new work for the holder (`wake`), so that it does not let go meanwhile. */
  wakes: number;
  /** Epoch ms when the holder took it. */
  acquired_at_ms: number;
  /**
   * Epoch ms when its holder let go (`release`, `abandon`). A released row stays, not live (its
   * `expires_at_ms` is 0), so the next holder inherits its `state`: a row that was never released is a
   * holder that died, whose rate buckets cannot be trusted.
   */
  released_at_ms?: number;
  /** The dispatcher's state as of the holder's last renewal or release (see `DispatchState`). */
  state?: DispatchState;
};

/** A lease this process holds. */
export interface Lease {
  readonly labourerId: string;
  readonly token: string;
  /** Epoch ms when it expires unless renewed: the holder claims only well before (`mayClaim`). */
  expiresAtMs: number;
  /**
   * The `wakes` count as of the holder's last look at its queue: letting go (`release`) is conditional on
   * it, so that work announced after that look keeps the holder dispatching.
   */
  wakesSeen: number;
  /** The newest `wakes` count the holder has read (at renewal, or at a release that was refused). */
  wakesLatest: number;
  /**
   * The state the last holder left: all of it when it let go, its learned budget alone when it died
   * (its rate buckets may have been spent after it last wrote them). `undefined` for a first holder.
   */
  readonly inherited: DispatchState | undefined;
}

/** What `acquire` found: the lease, now ours, or the row of the live lease somebody else holds. */
export type AcquireResult = { lease: Lease; held?: undefined } | { lease?: undefined; held: LeaseRow };

/** What `release` did: let go; kept it, because new work was announced; or found it was no longer ours. */
export type ReleaseOutcome = 'released' | 'woken' | 'lost';

/**
 * The key of a labourer's lease row.
 *
 * @example
 * leaseScope('importer'); // 'labourer#importer'
 */
export function leaseScope(labourerId: string): string {
  return `labourer#${labourerId}`;
}

/** How to build `LabourerLeases`. */
export interface LabourerLeasesOptions {
  db: DynamoClient;
  /** The `sosw_dispatch` table's name. */
  table: string;
  clock: Clock;
}

/** Attempts of `acquire` when the row changes between its read and its write. */
const ACQUIRE_ATTEMPTS = 3;

/** The lease a holder keeps in memory for the row it wrote. */
function leaseOf(row: LeaseRow): Lease {
  return {
    labourerId: row.labourer_id,
    token: row.token,
    expiresAtMs: row.expires_at_ms,
    wakesSeen: row.wakes,
    wakesLatest: row.wakes,
    inherited: row.state,
  };
}

/** The `state` attribute of a row, when there is a state to keep. */
function stateEntry(state: DispatchState | undefined): { state?: DispatchState } {
  return state === undefined ? {} : { state };
}

/** What a new holder inherits from the row it replaces (see `Lease.inherited`). */
function inheritedFrom(previous: LeaseRow | undefined): DispatchState | undefined {
  if (previous?.state === undefined) return undefined;
  if (previous.released_at_ms !== undefined) return previous.state;
  return { learned: previous.state.learned };
}

/**
 * The labourers' dispatch leases in `sosw_dispatch` (rules in `lease-rules.ts`): one conditional write
 * to take a lease, one to renew it, one to let go, one to wake its holder. Every write of a holder is
 * conditional on its `token`, so a holder whose lease was taken over can change nothing.
 *
 * @example
 * const leases = new LabourerLeases({ db, table: tables.dispatch, clock: systemClock });
 * const { lease, held } = await leases.acquire('importer', { owner: 'orchestrator/req-1', endsAtMs });
 * if (lease) {
 *   // ... dispatch, renewing on the way ...
 *   await leases.release(lease);
 * } else await leases.wake('importer'); // the holder goes on: tell it there is new work
 */
export class LabourerLeases {
  readonly #db: DynamoClient;
  readonly #table: string;
  readonly #clock: Clock;

  constructor(options: LabourerLeasesOptions) {
    this.#db = options.db;
    this.#table = options.table;
    this.#clock = options.clock;
  }

  /** The lease row of a labourer, read strongly consistent; `undefined` when nobody holds it. */
  read(labourerId: string): Promise<LeaseRow | undefined> {
    return this.#db.get<LeaseRow>(this.#table, { scope: leaseScope(labourerId) }, { consistent: true });
  }

  /**
   * Takes a labourer's lease when nobody holds it or its holder stopped renewing it (`leaseIsLive`), with
   * one conditional write; otherwise gives the live lease's row.
   *
   * @param endsAtMs - when this holder means to let go at the latest (its Lambda's deadline): a newcomer
   * reads it to decide whether to wait for a handover
   */
  async acquire(
    labourerId: string,
    { owner, endsAtMs }: { owner: string; endsAtMs: number },
  ): Promise<AcquireResult> {
    let written: LeaseRow | undefined;
    let contention: ConditionFailedError | undefined;
    for (let attempt = 1; ; attempt++) {
      const nowMs = this.#clock.nowMs();
      const current = await this.read(labourerId);
      // Our own write of the last attempt: DynamoDB took it, its answer was lost, and the SDK's retry
      // failed the condition on it. The lease is ours.
      if (written !== undefined && current?.token === written.token) return { lease: leaseOf(written) };
      if (current !== undefined && leaseIsLive(current, nowMs)) return { held: current };
      if (contention !== undefined && attempt > ACQUIRE_ATTEMPTS) throw contention;
      const row: LeaseRow = {
        scope: leaseScope(labourerId),
        labourer_id: labourerId,
        owner,
        token: randomUUID(),
        expires_at_ms: nowMs + LEASE_TTL_MS,
        ends_at_ms: endsAtMs,
        // Carried over: a wake sent to the last holder is not lost on this one.
        wakes: current?.wakes ?? 0,
        acquired_at_ms: nowMs,
        ...stateEntry(inheritedFrom(current)),
      };
      written = row;
      try {
        // Taken only as read: no row, or the very row judged dead (its token), so two newcomers that read
        // the same dead lease cannot both take it.
        await this.#db.put(
          this.#table,
          row,
          current === undefined ? { ifAbsent: 'scope' } : { condition: { token: { eq: current.token } } },
        );
        return { lease: leaseOf(row) };
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
        // The row changed between the read and the write: read again (the next round says whose it is).
        contention = error;
      }
    }
  }

  /**
   * Extends the lease by `LEASE_TTL_MS` from now, if it is still ours; reads the `wakes` count on the way.
   *
   * @returns false when the lease is no longer ours: stop claiming at once
   */
  async renew(lease: Lease, state?: DispatchState): Promise<boolean> {
    const expiresAtMs = this.#clock.nowMs() + LEASE_TTL_MS;
    try {
      const row = await this.#db.patch<Pick<LeaseRow, 'expires_at_ms' | 'wakes'>>(
        this.#table,
        { scope: leaseScope(lease.labourerId) },
        { set: { expires_at_ms: expiresAtMs, ...(state === undefined ? {} : { state }) } },
        // Never a released row back to life, even one with our token.
        { condition: { token: { eq: lease.token }, released_at_ms: { exists: false } } },
      );
      lease.expiresAtMs = expiresAtMs;
      lease.wakesLatest = row.wakes;
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  /**
   * Lets go of the lease because the holder found no work, unless work was announced since it looked
   * (`wakes` moved past `wakesSeen`): then it keeps the lease and should look again (`'woken'`).
   */
  async release(lease: Lease, state?: DispatchState): Promise<ReleaseOutcome> {
    try {
      await this.#letGo(lease, state, { wakes: { eq: lease.wakesSeen } });
      return 'released';
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      const row = await this.read(lease.labourerId);
      if (row?.token !== lease.token) return 'lost';
      // Our own release, whose answer was lost: the SDK's retry failed on it.
      if (row.released_at_ms !== undefined) return 'released';
      lease.wakesLatest = row.wakes;
      return 'woken';
    }
  }

  /** Lets go of the lease whatever was announced (the holder's time is up): the next holder finds the work. */
  async abandon(lease: Lease, state?: DispatchState): Promise<void> {
    try {
      await this.#letGo(lease, state);
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }

  /**
   * Marks the row released (not live: `expires_at_ms` 0), with the holder's last state for the next
   * holder, if it is still ours (and `also` holds).
   */
  async #letGo(lease: Lease, state: DispatchState | undefined, also: { wakes?: { eq: number } } = {}) {
    await this.#db.patch(
      this.#table,
      { scope: leaseScope(lease.labourerId) },
      {
        set: {
          expires_at_ms: 0,
          released_at_ms: this.#clock.nowMs(),
          owner: '',
          ...(state === undefined ? {} : { state }),
        },
      },
      { condition: { token: { eq: lease.token }, released_at_ms: { exists: false }, ...also } },
    );
  }

  /**
   * Tells the holder of a labourer's lease that there is new work, so that it does not let go without
   * looking again.
   *
   * @returns false when nobody holds a live lease (then the caller may take it)
   */
  async wake(labourerId: string): Promise<boolean> {
    try {
      // Only a live lease: waking a holder that died would leave the work to the next scheduled run.
      await this.#db.patch(
        this.#table,
        { scope: leaseScope(labourerId) },
        { increment: { wakes: 1 } },
        { condition: { expires_at_ms: { ge: this.#clock.nowMs() - TAKEOVER_GRACE_MS } } },
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }
}
