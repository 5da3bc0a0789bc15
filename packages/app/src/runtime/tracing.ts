import { tracesExporterOf, type Config } from '../config/config-schema.js';

/**
 * Registers the OpenTelemetry SDK when the configuration asks for traces, before anything else runs;
 * returns what flushes and stops it on shutdown. With tracing off the SDK is never loaded.
 */
export async function startTracingIfConfigured(config: Config, defaultServiceName: string): Promise<() => Promise<void>> {
  const exporter = tracesExporterOf(config);
  if (exporter === 'none') return () => Promise.resolve();
  const { startTracing } = await import('@hexabill/adapter-opentelemetry/sdk');
  const tracing = startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? defaultServiceName, exporter });
  return () => tracing.shutdown();
}
