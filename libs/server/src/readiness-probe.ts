/** One dependency an app needs to serve traffic, as `/health/ready` reports it. */
export interface ReadinessProbe {
  readonly name: string;
  /** `up: false` makes the app not ready; `detail` is shown either way. */
  check(): Promise<{ up: boolean; detail?: Record<string, unknown> }>;
}

export const READINESS_PROBES = Symbol('READINESS_PROBES');
