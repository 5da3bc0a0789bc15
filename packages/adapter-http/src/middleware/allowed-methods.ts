import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { emptyResponse } from '../response.js';

interface RouteLike {
  readonly method: string;
  readonly path: string;
}

interface PathMethods {
  readonly pattern: RegExp;
  /** Static segments count most: `/users/me` is more specific than `/users/:id`. */
  readonly specificity: number;
  readonly methods: readonly string[];
}

function compile(path: string): RegExp {
  const segments = path.split('/').map((segment) => {
    if (segment === '*') return '.*';
    if (segment.startsWith(':')) return '[^/]+';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${segments.join('/')}/?$`);
}

function indexRoutes(routes: readonly RouteLike[]): PathMethods[] {
  const byPath = new Map<string, Set<string>>();
  for (const route of routes) {
    // Middleware registers as ALL; HEAD is implied by GET.
    if (route.method === 'ALL' || route.method === 'HEAD') continue;
    const methods = byPath.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
    byPath.set(route.path, methods);
  }
  return [...byPath].map(([path, methods]) => {
    const segments = path.split('/').filter(Boolean);
    const dynamic = segments.filter((s) => s.startsWith(':') || s === '*').length;
    return { pattern: compile(path), specificity: (segments.length - dynamic) * 100 - dynamic, methods: [...methods] };
  });
}

/**
 * 405 with `Allow`, and OPTIONS answered 204 with `Allow`, for the paths the app serves. A request
 * path can match several route patterns — `/users/me` also matches `/users/:id` — and it gets the
 * methods of the most specific one, the route that answers it, never the union of all that match.
 * (CORS preflights are answered before this, by the CORS middleware.)
 */
export function allowedMethods(
  routes: () => readonly RouteLike[],
  onNotAllowed: (c: Context<AppEnv>, allowed: readonly string[]) => Response,
): MiddlewareHandler<AppEnv> {
  let index: PathMethods[] | undefined;
  const allowedFor = (path: string): readonly string[] | undefined => {
    index ??= indexRoutes(routes());
    let best: PathMethods | undefined;
    for (const entry of index) {
      if (entry.pattern.test(path) && (!best || entry.specificity > best.specificity)) best = entry;
    }
    return best?.methods;
  };
  // Looked up only for OPTIONS and for a 404: a request its route answered pays nothing here.
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      const allowed = allowedFor(c.req.path);
      if (allowed) return emptyResponse(c, 204, { Allow: [...allowed, 'OPTIONS'].join(', ') });
    }
    await next();
    if (c.res.status !== 404 || c.error) return;
    const allowed = allowedFor(c.req.path);
    if (!allowed || allowed.includes(c.req.method)) return;
    c.res = onNotAllowed(c, allowed);
  };
}
