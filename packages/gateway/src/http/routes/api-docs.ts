// The API described: `GET /openapi.json` (OpenAPI 3.1) and `GET /docs` (the same, as a page). Both are built
// once per process: the document depends only on the code.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { openApiDocument } from '../openapi/document.ts';
import { renderDocs } from '../openapi/docs-page.ts';

export function apiDocsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let page: string | undefined;
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/docs', (c) => c.html((page ??= renderDocs(openApiDocument()))));
  return app;
}
