import { setTimeout as sleep } from 'node:timers/promises';
import type { QuotaState, SharedErpQuota } from './shared-erp-quota';

/** How long one read of the shared quota row serves every posting worker of this replica. */
const STATE_FRESH_MS = 200;
/** A held posting looks again at least this often: another replica may have seen the ERP come back. */
const MAX_NAP_MS = 1_000;
/** How often a posting waiting for this replica's probe looks at its outcome. */
const PROBE_NAP_MS = 50;

/** What a fetched posting may do once {@link ErpAvailability.hold} lets it go. */
export type HoldOutcome =
  /** The ERP takes work: call it. */
  | { verdict: 'call'; state: QuotaState }
  /** The ERP was refusing work: this posting is the one call that finds out whether it is back. */
  | { verdict: 'probe'; state: QuotaState }
  /** Still refused when its hold ran out (or the app is stopping): put it back for later. */
  | { verdict: 'put-back'; state: QuotaState };

/**
 * What this replica's posting workers know of the ERP's availability: the shared quota row, read at
 * most every 200 ms rather than once per posting, and what this replica's own calls just saw.
 *
 * While the ERP is known to refuse work, a fetched posting is held here until the refusal's window
 * ends (at most its hold time) instead of being put back at once: the replica's workers keep their
 * few jobs and fetch no others, so a day-long outage costs a few statements per window, not a
 * reschedule of every pending posting every few seconds (which kept an embedded database busy
 * enough to slow order placement to a crawl). When the window ends, one posting per replica probes
 * the ERP; the others follow only once it has landed.
 */
export class ErpAvailability {
  private read?: { state: QuotaState; at: number; unavailableUntil: number };
  private reading?: Promise<QuotaState>;
  private ownRefusal = { at: 0, until: 0 };
  /** The ERP refused work when this replica last looked, and no call has landed since. */
  private recovering = false;
  private probing = false;
  private readonly stopping = new AbortController();

  constructor(private readonly quota: SharedErpQuota) {}

  /** The shared state, at most 200 ms old, with this replica's own latest refusal in it; concurrent askers share one read. */
  async current(): Promise<QuotaState> {
    const askedAt = Date.now();
    if (!this.read || askedAt - this.read.at >= STATE_FRESH_MS) {
      this.reading ??= this.quota.state().finally(() => (this.reading = undefined));
      const state = await this.reading;
      // A refusal this replica saw after the read began may not be in the row it read.
      const own = this.ownRefusal.at >= askedAt ? this.ownRefusal.until : 0;
      if (!this.read || this.read.at <= askedAt)
        this.read = {
          state,
          at: askedAt,
          unavailableUntil: Math.max(askedAt + state.erpUnavailableForMs, own),
        };
    }
    const read = this.read;
    const erpUnavailableForMs = Math.max(0, read.unavailableUntil - Date.now());
    if (erpUnavailableForMs > 0) this.recovering = true;
    return { ...read.state, erpUnavailableForMs };
  }

  /** This replica's call was refused: the ERP refuses work for about `forS`, here at once, before the next read. */
  refused(forS: number): void {
    const now = Date.now();
    this.recovering = true;
    this.ownRefusal = { at: now, until: now + forS * 1000 };
    if (this.read) this.read.unavailableUntil = Math.max(this.read.unavailableUntil, this.ownRefusal.until);
  }

  /** This replica's call landed: the ERP takes work. */
  landed(): void {
    this.recovering = false;
    this.ownRefusal = { at: Date.now(), until: 0 };
    if (this.read) this.read.unavailableUntil = 0;
  }

  /** The probe ended, whatever it found ({@link refused} or {@link landed} said what). */
  probeEnded(): void {
    this.probing = false;
  }

  /** Holds a fetched posting while the ERP refuses work, for at most `maxHoldMs`. */
  async hold(maxHoldMs: number): Promise<HoldOutcome> {
    const until = Date.now() + maxHoldMs;
    for (;;) {
      const state = await this.current();
      const left = until - Date.now();
      const refused = state.erpUnavailableForMs > 0;
      if (!refused && !this.recovering) return { verdict: 'call', state };
      if (!refused && !this.probing) {
        this.probing = true;
        return { verdict: 'probe', state };
      }
      if (left <= 0 || this.stopping.signal.aborted) return { verdict: 'put-back', state };
      const nap = refused ? Math.min(state.erpUnavailableForMs, MAX_NAP_MS) : PROBE_NAP_MS;
      await sleep(Math.min(nap, left), undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  /** The app is stopping: held postings are put back now rather than held to the end of their hold. */
  stop(): void {
    this.stopping.abort();
  }
}
