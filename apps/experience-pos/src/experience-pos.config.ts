import { IsInt, Max, Min } from 'class-validator';
import { ExperienceAppConfig } from '@omnigate/edge';

/** experience-pos settings: which store devices may call, how hard, and where the APIs below are. */
export class ExperiencePosConfig extends ExperienceAppConfig {
  override PORT: number = 3001;

  /** How long a batch of sales may take in process-orders (a backlog is accepted sale by sale); other calls keep SYSTEM_API_TIMEOUT_MS. */
  @IsInt()
  @Min(1_000)
  @Max(300_000)
  SALES_API_TIMEOUT_MS: number = 60_000;
}
