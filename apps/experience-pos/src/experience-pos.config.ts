import { ExperienceAppConfig } from '@omnigate/edge';

/** experience-pos settings: which store devices may call, how hard, and where the APIs below are. */
export class ExperiencePosConfig extends ExperienceAppConfig {
  override PORT: number = 3001;
}
