import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/** The instrumentation scope every hexabill span is recorded under. */
export const TRACER_NAME = '@hexabill';

/**
 * Runs `work` in a new active span (a child of whatever span is active), ends it when the work
 * settles, and marks it an error when the work throws or answers an `Err` (a `{ isErr(): true }`
 * result: the error's `code` becomes `hexabill.error_code`).
 */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, kind = SpanKind.INTERNAL): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      const value = await work(span);
      const code = errorCodeOf(value);
      if (code !== undefined) {
        span.setAttribute('hexabill.error_code', code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      }
      return value;
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

function errorCodeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('isErr' in value) || typeof value.isErr !== 'function') return undefined;
  if (!(value.isErr as () => boolean).call(value)) return undefined;
  const error = (value as { error?: { code?: unknown } }).error;
  return typeof error?.code === 'string' ? error.code : 'error';
}
