import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../app-env.js';

const TRACER = '@hexabill/adapter-http';

const headerGetter = {
  keys: (carrier: Headers): string[] => [...carrier.keys()],
  get: (carrier: Headers, key: string): string | undefined => carrier.get(key) ?? undefined,
};

/**
 * The request's server span, the parent of everything the request does (use case, transaction, the
 * outbox row's `traceparent`). A caller's `traceparent` makes it a child of the caller's trace. Named
 * by the route template once routed (`POST /api/v1/invoices/:id/request-payment`), with the status and
 * request id. Installed only when tracing is on (`HttpAppOptions.tracing`), so it costs nothing otherwise.
 */
export function traceRequest(): MiddlewareHandler<AppEnv> {
  const tracer = trace.getTracer(TRACER);
  return async (c, next) => {
    const parent = propagation.extract(context.active(), c.req.raw.headers, headerGetter);
    const method = c.req.method;
    const span = tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': c.req.path } },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const route = routePath(c, -1);
      const status = c.res.status;
      span.updateName(route && route !== '*' && route !== '/*' ? `${method} ${route}` : method);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status, 'hexabill.request_id': c.get('requestId') });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
