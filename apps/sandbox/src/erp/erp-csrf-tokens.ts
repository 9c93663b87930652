import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { SandboxClock } from '../sandbox-clock';
import { BackendTraffic } from '../traffic/backend-traffic';

// Bounds memory when a benchmark fetches a token per call; the oldest tokens go first.
const MAX_TOKENS = 50_000;

/** CSRF tokens the ERP has handed out; they expire after the ERP's `csrfTtlMs` fault setting. */
@Injectable()
export class ErpCsrfTokens {
  private readonly issuedAt = new Map<string, number>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly traffic: BackendTraffic,
  ) {}

  issue(): string {
    const token = randomBytes(18).toString('base64');
    if (this.issuedAt.size >= MAX_TOKENS) this.issuedAt.delete(this.issuedAt.keys().next().value!);
    this.issuedAt.set(token, this.clock.now());
    return token;
  }

  /** Judged against the TTL in force now, so shortening the setting expires tokens already issued. */
  isValid(token: string | undefined): boolean {
    if (!token) return false;
    const issuedAt = this.issuedAt.get(token);
    if (issuedAt === undefined) return false;
    return this.clock.now() - issuedAt < this.traffic.faultsOf('erp').csrfTtlMs;
  }

  /** Invalidates every token handed out so far; returns how many there were. */
  expireAll(): number {
    const count = this.issuedAt.size;
    this.issuedAt.clear();
    return count;
  }
}
