import { BaseAppConfig } from '@omnigate/config';

/** The sandbox listens on 3900 unless told otherwise; its fault settings change at run time, not here. */
export class SandboxConfig extends BaseAppConfig {
  override PORT: number = 3900;
}
