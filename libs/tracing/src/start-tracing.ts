import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_NAMESPACE } from '@opentelemetry/semantic-conventions';
import { loadConfigOrExit } from '@omnigate/config';
import { SpanFileExporter } from './span-file.exporter';
import { TracingConfig } from './tracing.config';

/** Where finished spans go; undefined when nowhere, and then none is made. */
function spanProcessorFor(config: TracingConfig): SpanProcessor | undefined {
  if (config.OTEL_SPANS_FILE) return new SimpleSpanProcessor(new SpanFileExporter(config.OTEL_SPANS_FILE));
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return new BatchSpanProcessor(
      new OTLPTraceExporter({ url: `${config.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` }),
    );
  }
  return undefined;
}

let running: NodeSDK | undefined;

/**
 * Starts OpenTelemetry for one app when its spans go somewhere (OTEL_SPANS_FILE or
 * OTEL_EXPORTER_OTLP_ENDPOINT, and not OTEL_SDK_DISABLED). Call it before anything loads `http`, so
 * that inbound and outbound HTTP calls are traced and W3C trace context travels on every hop. With
 * no exporter nothing is instrumented, as spans nobody keeps would cost every request tens of
 * microseconds: the caller's `traceparent` is then passed on as it came (see the server's onRequest
 * hook and the HTTP client), so a trace still joins up across the hops that do export.
 */
export function startTracing(serviceName: string): NodeSDK | undefined {
  const config = loadConfigOrExit(TracingConfig);
  const spanProcessor = config.OTEL_SDK_DISABLED ? undefined : spanProcessorFor(config);
  if (!spanProcessor) return undefined;
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: serviceName,
      [ATTR_SERVICE_NAMESPACE]: 'omnigate',
    }),
    spanProcessors: [spanProcessor],
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

/** Whether this process makes spans (startTracing found somewhere to send them). */
export function tracingActive(): boolean {
  return running !== undefined;
}

/** Flushes and stops tracing: the last step of an app's shutdown, so requests served while draining are traced too. */
export async function stopTracing(): Promise<void> {
  await running?.shutdown();
  running = undefined;
}
