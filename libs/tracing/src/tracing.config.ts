import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUrl } from 'class-validator';

// Implicit conversion reads any text, 'false' included, as true: read the raw text instead.
const envBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) =>
  ({ true: true, false: false })[String(obj[key]).toLowerCase() as 'true'] ?? null;

/**
 * Where spans go: a JSON-lines file or an OTLP/HTTP collector. With neither, no span is made (none
 * would be kept): the caller's W3C trace context is still passed on to the calls below.
 */
export class TracingConfig {
  @IsOptional()
  @IsString()
  OTEL_SPANS_FILE?: string;

  @IsOptional()
  @IsUrl({ require_tld: false })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** OpenTelemetry's own switch: true starts no tracing at all, whatever exporter is configured. */
  @Transform(envBoolean)
  @IsBoolean()
  OTEL_SDK_DISABLED: boolean = false;
}
