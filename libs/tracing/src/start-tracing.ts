import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { loadConfigOrExit } from '@omnigate/config';
import { SpanFileExporter } from './span-file.exporter';
import { TracingConfig } from './tracing.config';

/** A processor that keeps nothing: spans are still created so trace ids reach logs and downstream calls. */
class DiscardingSpanProcessor implements SpanProcessor {
  onStart(): void {}
  onEnd(): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function spanProcessorFor(config: TracingConfig): SpanProcessor {
  if (config.OTEL_SPANS_FILE) return new SimpleSpanProcessor(new SpanFileExporter(config.OTEL_SPANS_FILE));
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` }));
  }
  return new DiscardingSpanProcessor();
}

let running: NodeSDK | undefined;

/**
 * Starts OpenTelemetry for one app. Call it before anything loads `http`, so that inbound and
 * outbound HTTP calls are traced and W3C trace context travels on every hop.
 */
export function startTracing(serviceName: string): NodeSDK {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'omnigate' }),
    spanProcessors: [spanProcessorFor(loadConfigOrExit(TracingConfig))],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
      }),
    ],
  });
  sdk.start();
  running = sdk;
  return sdk;
}

/** Flushes and stops tracing: the last step of an app's shutdown, so requests served while draining are traced too. */
export async function stopTracing(): Promise<void> {
  await running?.shutdown();
  running = undefined;
}
