import express from 'express';
import { describe, expect, it } from 'vitest';
import { openApiPath, servedRoutes } from './route-table.js';

describe('servedRoutes', () => {
  it('lists routes of nested routers under their mount paths, once each, and skips plain middleware', () => {
    const app = express();
    app.use((_req, _res, next) => next());
    app.get('/healthz', (_req, res) => res.end());
    const inner = express.Router();
    inner.route('/items/:id').get((_req, res) => res.end()).delete((_req, res) => res.end());
    inner.all('/any', (_req, res) => res.end());
    const api = express.Router();
    api.use(inner);
    api.use('/nested/', inner);
    api.post(['/a', '/b'], (_req, res) => res.end());
    app.use('/api/v1', api);
    app.get('/healthz', (_req, res) => res.end());
    expect(servedRoutes(app)).toEqual([
      { method: 'GET', path: '/healthz' },
      { method: 'GET', path: '/api/v1/items/:id' },
      { method: 'DELETE', path: '/api/v1/items/:id' },
      { method: 'ALL', path: '/api/v1/any' },
      { method: 'GET', path: '/api/v1/nested/items/:id' },
      { method: 'DELETE', path: '/api/v1/nested/items/:id' },
      { method: 'ALL', path: '/api/v1/nested/any' },
      { method: 'POST', path: '/api/v1/a' },
      { method: 'POST', path: '/api/v1/b' },
    ]);
  });

  it('refuses a RegExp route, which no route table can name', () => {
    const app = express();
    app.get(/^\/x+$/, (_req, res) => res.end());
    expect(() => servedRoutes(app)).toThrow(/not a string/);
  });
});

describe('openApiPath', () => {
  it('turns express parameters into OpenAPI templates', () => {
    expect(openApiPath('/api/v1/incidents/:number/comment')).toBe('/api/v1/incidents/{number}/comment');
    expect(openApiPath('/api/v1/users/:user_name')).toBe('/api/v1/users/{user_name}');
  });
});
