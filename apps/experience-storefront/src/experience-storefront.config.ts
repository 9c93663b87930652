import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { ExperienceAppConfig } from '@omnigate/edge';

/** experience-storefront settings: the shared edge settings, plus loyalty and its points holds. */
export class ExperienceStorefrontConfig extends ExperienceAppConfig {
  override PORT: number = 3000;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SYSTEM_LOYALTY_URL: string = 'http://127.0.0.1:3102';

  /** Points holds are optional in a member answer: past this, it is answered without them. */
  @IsInt()
  @Min(100)
  @Max(10_000)
  POINTS_HOLDS_TIMEOUT_MS: number = 800;
}
