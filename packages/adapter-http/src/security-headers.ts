/**
 * The headers of every API response: the request id and OWASP's REST Security Cheat
 * Sheet set for APIs — no caching of personal or billing data, nothing loaded and no framing (CSP and
 * X-Frame-Options), HTTPS only, no MIME sniffing. The rest of helmet's set (Referrer-Policy,
 * Origin-Agent-Cluster, X-DNS-Prefetch-Control, …) governs how a browser treats an HTML document and
 * does nothing for JSON; each header is still work on every response, so the API sends only these.
 * Pages (the docs) get hono's `secureHeaders` with their own policy.
 */
export function apiResponseHeaders(requestId: string): Record<string, string> {
  // A literal, not a spread of a constant: V8 builds it with a fixed shape, cheaply, per request.
  return {
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'X-Request-Id': requestId,
  };
}

/** The headers of every other response (pages get the rest from hono's `secureHeaders`). */
export function pageResponseHeaders(requestId: string): Record<string, string> {
  return { 'X-Request-Id': requestId };
}
