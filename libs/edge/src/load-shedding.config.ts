import type { LoadShedderOptions } from '@omnigate/rate-limit';

/** The browse thresholds an experience app is configured with; standard and critical traffic get more room. */
export interface BrowseSheddingThresholds {
  SHED_BROWSE_AT_IN_FLIGHT: number;
  SHED_BROWSE_AT_LOOP_DELAY_MS: number;
}

/**
 * Storefront browsing is shed first; standard traffic at twice its thresholds and checkout (POS)
 * only at the hard limit, four and ten times them.
 */
export function loadSheddingFrom(config: BrowseSheddingThresholds): Partial<LoadShedderOptions> {
  const inFlight = config.SHED_BROWSE_AT_IN_FLIGHT;
  const delay = config.SHED_BROWSE_AT_LOOP_DELAY_MS;
  return {
    maxInFlight: { browse: inFlight, standard: inFlight * 2, critical: inFlight * 4 },
    maxEventLoopDelayMs: { browse: delay, standard: delay * 2.5, critical: delay * 10 },
  };
}
