import { DomainError } from '@omnigate/problems';

/** The client app (or device) has used up a window of its plan. */
export class RateLimited extends DomainError {
  readonly type = 'rate-limited';
  override readonly kind = 'rate-limited';
  override readonly retryAfterS: number;
  constructor(retryAfterS: number) {
    super('Too many requests for this client app; see the RateLimit headers');
    this.retryAfterS = retryAfterS;
  }
}

/** The app is saturated and refuses traffic of this priority for a moment. */
export class Overloaded extends DomainError {
  readonly type = 'overloaded';
  override readonly kind = 'overloaded';
  override readonly retryAfterS = 1;
  constructor() {
    super('The service is busy; try again shortly');
  }
}
