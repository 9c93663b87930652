import { IsString, Matches } from 'class-validator';
import { BackendClientConfig } from '@omnigate/http-client';

/**
 * system-oms settings: the OMS connection. Nothing is cached: reservation and order state drive
 * the process layer's workflows, so a read must say what the OMS holds now.
 */
export class SystemOmsConfig extends BackendClientConfig {
  override PORT: number = 3103;
  override BACKEND_URL: string = 'http://127.0.0.1:3900/oms/v1';

  /** Keys internal callers present in X-Service-Key (two during rotation); channel credentials are refused. */
  @IsString() @Matches(/^[^,\s]{24,}(,[^,\s]{24,})?$/, { message: 'INTERNAL_SERVICE_KEYS must be one or two comma-separated keys of 24+ characters' })
  INTERNAL_SERVICE_KEYS!: string;
}
