/** The four simulated backends, as named in fault settings, counters and the call log. */
export const BACKEND_NAMES = ['erp', 'loyalty', 'oms', 'pos'] as const;

export type BackendName = (typeof BACKEND_NAMES)[number];

/** Whether a path segment names one of the simulated backends. */
export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}
