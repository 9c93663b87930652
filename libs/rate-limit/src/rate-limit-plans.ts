import { InvalidClientAppRegistry, readRegistryFile } from '@omnigate/auth';
import type { RateLimitPlan } from './rate-limit-plan';
import { RateLimitPlansFile } from './rate-limit-plan.schema';

function offendersOf(content: RateLimitPlansFile): string[] {
  const offenders: string[] = [];
  const names = new Set<string>();
  for (const plan of content.plans) {
    if (names.has(plan.name)) offenders.push(`plan '${plan.name}' is defined twice`);
    names.add(plan.name);
    const windows = plan.windows.map((w) => w.name);
    if (new Set(windows).size !== windows.length)
      offenders.push(`plan '${plan.name}': window names must differ`);
  }
  content.clientApps.forEach((app, i) => {
    const { clientAppId, plan } = (app ?? {}) as { clientAppId?: unknown; plan?: unknown };
    if (typeof plan !== 'string' || !names.has(plan)) {
      offenders.push(
        `clientApps[${i}] (${String(clientAppId)}): plan '${String(plan)}' is not defined in plans`,
      );
    }
  });
  return offenders;
}

/** The rate-limit plans of the registry file, by name; a changed file changes limits at the next start. */
export class RateLimitPlans {
  private readonly byName: ReadonlyMap<string, RateLimitPlan>;

  constructor(plans: readonly RateLimitPlan[]) {
    this.byName = new Map(plans.map((p) => [p.name, p]));
  }

  /** Loads and validates the plans, and checks every client app names one; throws {@link InvalidClientAppRegistry} naming offenders. */
  static fromFile(file: string): RateLimitPlans {
    const content = readRegistryFile(file, RateLimitPlansFile);
    const offenders = offendersOf(content);
    if (offenders.length > 0) throw new InvalidClientAppRegistry(file, offenders);
    return new RateLimitPlans(content.plans);
  }

  /** Every plan, in the order of the file. */
  all(): RateLimitPlan[] {
    return [...this.byName.values()];
  }

  /** The plan with this name, if defined. */
  find(name: string): RateLimitPlan | undefined {
    return this.byName.get(name);
  }
}
