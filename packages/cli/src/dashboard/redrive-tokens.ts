import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '@sosw/core';

/** What a confirmation token allows: re-queue the tasks of one labourer buried since one moment. */
export interface RedriveRequest {
  labourer: string;
  /** Epoch seconds: tasks closed as dead at or after it. */
  since: number;
}

/** A confirmation token lives this long: long enough to read the page, short enough to go stale. */
export const REDRIVE_TOKEN_TTL_MS = 5 * 60_000;

/**
 * The confirmation step of a redrive. The confirmation page issues a random token for exactly the
 * labourer and window it showed; the POST that re-queues must bring it back, once. So a redrive needs
 * a person who saw the count, and a page elsewhere cannot post one (it never learns a token).
 *
 * @example
 * ```ts
 * const tokens = new RedriveTokens();
 * const token = tokens.issue({ labourer: 'example_echo', since: 1_700_000_000 });
 * tokens.consume(token, { labourer: 'example_echo', since: 1_700_000_000 }); // true, and only once
 * ```
 */
export class RedriveTokens {
  readonly #pending = new Map<string, RedriveRequest & { expires: number }>();

  constructor(private readonly clock: Clock = systemClock) {}

  /** A new single-use token for this request. */
  issue(request: RedriveRequest): string {
    this.#prune();
    const token = randomBytes(18).toString('base64url');
    this.#pending.set(token, { ...request, expires: this.clock.nowMs() + REDRIVE_TOKEN_TTL_MS });
    return token;
  }

  /** True (and the token is spent) when the token was issued for this very request and has not expired. */
  consume(token: string, request: RedriveRequest): boolean {
    this.#prune();
    const pending = this.#pending.get(token);
    if (pending === undefined) return false;
    this.#pending.delete(token);
    return pending.labourer === request.labourer && pending.since === request.since;
  }

  #prune(): void {
    const now = this.clock.nowMs();
    for (const [token, pending] of this.#pending) if (pending.expires <= now) this.#pending.delete(token);
  }
}
