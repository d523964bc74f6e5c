import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response, Router } from 'express';

/**
 * Where `npm run build:web` writes the web app: `<package>/dist/web`. This file sits two levels below the
 * package root both as source (src/dashboard) and compiled (dist/dashboard), so one relative path serves both.
 */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** Options of {@link webRoutes}. */
export interface WebRoutesOptions {
  /** The built app (index.html, wall.html, assets/); default {@link DEFAULT_WEB_DIR}. */
  readonly dir?: string;
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>NOC: web app not built</title></head>
<body><h1>The web app is not built</h1>
<p>The NOC API is running, but its dashboard has not been built. Run <code>npm run build:web</code>
(or <code>npm run build</code>) in the installation directory, then reload this page.</p>
<p>El panel web no está compilado: ejecute <code>npm run build:web</code> y recargue la página.</p></body></html>
`;

/**
 * The web app's static files: `/` the operator console, `/wall` the wall, `/assets/*` the hashed bundles
 * (cached for a year: a new build has new names), `/favicon.svg`. Page shells carry no data and are never
 * cached, so a new build reaches screens on their next load. `GET /wall?token=…` is left to the route that
 * turns a wall token into a session. While the app is not built, its pages answer 503 saying how to build it.
 */
export function webRoutes(options: WebRoutesOptions = {}): Router {
  const dir = resolve(options.dir ?? DEFAULT_WEB_DIR);
  const router = Router();

  const shell = (file: 'index.html' | 'wall.html') => (_req: unknown, res: Response) => {
    const path = join(dir, file);
    if (!existsSync(path)) {
      res.status(503).type('html').set('cache-control', 'no-store').send(NOT_BUILT);
      return;
    }
    res.set('cache-control', 'no-cache');
    res.sendFile(path);
  };

  // express.static (send) resolves every path inside its root and refuses `..`: no traversal out of dir.
  router.use(
    '/assets',
    express.static(join(dir, 'assets'), { index: false, redirect: false, immutable: true, maxAge: '365d', fallthrough: true }),
  );
  router.get('/favicon.svg', express.static(dir, { index: false, redirect: false, maxAge: '1d' }));
  router.get(['/', '/index.html'], shell('index.html'));
  router.get(['/wall', '/wall/', '/wall.html'], (req, res, next) => {
    if (req.query.token !== undefined) {
      next();
      return;
    }
    shell('wall.html')(req, res);
  });
  return router;
}
