import { IsOptional, IsString, IsUrl } from 'class-validator';

/** Where spans go: a JSON-lines file, an OTLP/HTTP collector, or nowhere (ids still flow into logs and headers). */
export class TracingConfig {
  @IsOptional() @IsString()
  OTEL_SPANS_FILE?: string;

  @IsOptional() @IsUrl({ require_tld: false })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}
