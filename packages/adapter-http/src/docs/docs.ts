import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';

const require = createRequire(import.meta.url);

interface Asset {
  readonly file: string;
  readonly type: string;
  /** Applied once, when the file is first read. */
  readonly rewrite?: (text: string) => string;
}

/**
 * ReDoc's sidebar footer shows a logo from cdn.redoc.ly, which the page's CSP (rightly) blocks — a
 * console error on every visit. The bundle is served with that address pointing here instead.
 */
const REDOC_LOGO_CDN = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const REDOC_LOGO_PATH = '/redoc/assets/logo-mini.svg';
/** A plain mark drawn for this page: a rounded square with an "R". */
const REDOC_LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#32329f"/><text x="8" y="12" font-family="sans-serif" font-size="10" font-weight="bold" fill="#fff" text-anchor="middle">R</text></svg>';

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Files served from npm packages, so the docs need no CDN and work offline. */
const ASSETS: Readonly<Record<string, () => Asset>> = {
  '/docs/assets/swagger-ui.css': () => ({ file: join(packageDir('swagger-ui-dist'), 'swagger-ui.css'), type: 'text/css; charset=utf-8' }),
  '/docs/assets/swagger-ui-bundle.js': () => ({
    file: join(packageDir('swagger-ui-dist'), 'swagger-ui-bundle.js'),
    type: 'text/javascript; charset=utf-8',
  }),
  '/docs/assets/swagger-ui-standalone-preset.js': () => ({
    file: join(packageDir('swagger-ui-dist'), 'swagger-ui-standalone-preset.js'),
    type: 'text/javascript; charset=utf-8',
  }),
  '/docs/assets/favicon-32x32.png': () => ({ file: join(packageDir('swagger-ui-dist'), 'favicon-32x32.png'), type: 'image/png' }),
  '/redoc/assets/redoc.standalone.js': () => ({
    file: join(packageDir('redoc'), 'bundles', 'redoc.standalone.js'),
    type: 'text/javascript; charset=utf-8',
    rewrite: (text) => text.replaceAll(REDOC_LOGO_CDN, REDOC_LOGO_PATH),
  }),
};

const SWAGGER_INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'BaseLayout',
    persistAuthorization: true,
    // No badge from validator.swagger.io: the page loads nothing from elsewhere.
    validatorUrl: null
  });
});
`;

const SWAGGER_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>hexabill API — Swagger UI</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/assets/init.js"></script>
</body>
</html>
`;

const REDOC_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>hexabill API — ReDoc</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <redoc spec-url="/openapi.json" disable-search="false"></redoc>
  <script src="/redoc/assets/redoc.standalone.js"></script>
</body>
</html>
`;

/** The UIs run their own scripts and inline styles; nothing may come from elsewhere. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'";

export function mountDocs(app: OpenAPIHono<AppEnv>): void {
  const cache = new Map<string, { body: Buffer; type: string }>();
  const load = (path: string): { body: Buffer; type: string } | undefined => {
    const cached = cache.get(path);
    if (cached) return cached;
    const asset = ASSETS[path]?.();
    if (!asset) return undefined;
    const raw = readFileSync(asset.file);
    const loaded = { body: asset.rewrite ? Buffer.from(asset.rewrite(raw.toString('utf8'))) : raw, type: asset.type };
    cache.set(path, loaded);
    return loaded;
  };

  const html = (page: string) => (c: Context<AppEnv>) => c.html(page, 200, { 'Content-Security-Policy': DOCS_CSP });

  app.get('/docs', html(SWAGGER_PAGE));
  app.get('/redoc', html(REDOC_PAGE));
  app.get(REDOC_LOGO_PATH, (c) =>
    c.body(REDOC_LOGO_SVG, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }),
  );
  // Browsers ask for /favicon.ico on their own (the JSON routes, a page without a link): no 404 in their consoles.
  app.get('/favicon.ico', (c) => {
    const icon = load('/docs/assets/favicon-32x32.png');
    return icon
      ? c.body(new Uint8Array(icon.body), 200, { 'Content-Type': icon.type, 'Cache-Control': 'public, max-age=86400' })
      : c.notFound();
  });
  app.get('/docs/assets/init.js', (c) =>
    c.body(SWAGGER_INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }),
  );
  for (const path of Object.keys(ASSETS)) {
    app.get(path, (c) => {
      const asset = load(path);
      if (!asset) return c.notFound();
      return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400' });
    });
  }
}

/** Every asset path the doc pages reference, for tests. */
export const DOC_ASSET_PATHS = [...Object.keys(ASSETS), '/docs/assets/init.js', REDOC_LOGO_PATH, '/favicon.ico'];
