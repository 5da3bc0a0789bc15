import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** `service.name` of every span: `hexabill-api`, `hexabill-worker`. */
  readonly serviceName: string;
  /**
   * `otlp`: batches to an OTLP/HTTP endpoint — the exporter reads `OTEL_EXPORTER_OTLP_ENDPOINT`,
   * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS` and the rest of the standard
   * variables itself; `console`: each span printed as it ends (development).
   */
  readonly exporter: 'otlp' | 'console';
  /** Instead of `exporter`: spans go here as they end (a test's in-memory exporter). */
  readonly spanExporter?: SpanExporter;
}

export interface Tracing {
  /** Exports what is buffered, then stops; call it last on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK for this process: a tracer provider with the W3C trace-context
 * propagator and async-local context, so the spans the adapters start through `@opentelemetry/api`
 * are recorded and exported. Until this runs, those calls are the API's no-ops.
 */
export function startTracing(options: TracingOptions): Tracing {
  const exporter = options.spanExporter ?? (options.exporter === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter());
  const processor =
    options.spanExporter || options.exporter === 'console' ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
