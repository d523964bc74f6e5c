import { JSON_TYPE, object, on, param, schema, STRING } from './openapi-builders.js';
import type { PathItem } from './openapi-types.js';

/** The health, web page and API description routes. */
export const HEALTH_PATHS: Record<string, PathItem> = {
  '/healthz': on.get('public', {
    tag: 'health',
    operationId: 'getHealth',
    summary: 'The process answers',
    responses: { '200': { description: 'Alive.', content: { [JSON_TYPE]: { schema: object({ status: { const: 'ok' } }, ['status']) } } } },
  }),
  '/readyz': on.get('public', {
    tag: 'health',
    operationId: 'getReadiness',
    summary: 'The store is open and its head log replayed',
    responses: {
      '200': { description: 'Ready.', content: { [JSON_TYPE]: { schema: schema('Readiness') } } },
      '503': { description: 'Still starting.', content: { [JSON_TYPE]: { schema: schema('Readiness') } } },
    },
  }),
  '/metrics': on.get('public', {
    tag: 'health',
    operationId: 'getMetrics',
    summary: "The process's own metrics (Prometheus text exposition)",
    responses: { '200': { description: 'Prometheus text format.', content: { 'text/plain': { schema: STRING } } } },
  }),
  '/': on.get('public', {
    tag: 'web',
    operationId: 'getConsole',
    summary: 'The operator console (web app shell; a login form without a session)',
    description: 'The page shell holds no data: every data call it makes needs authentication. Its assets (`/assets/*`, `/favicon.svg`) are public too.',
    responses: { '200': { description: 'HTML page.', content: { 'text/html': { schema: STRING } } } },
  }),
  '/wall': on.get('public', {
    tag: 'web',
    operationId: 'getWall',
    summary: 'The wall view; with `token`, opens a wall session',
    description:
      'Without `token`: the wall page shell. With `token` (`server.auth.wall_token`, compared in constant time): a viewer session of kind `wall` is created, its cookie set, and the browser is redirected to `/wall`.',
    parameters: [param('token', 'query', 'The wall token.', STRING, false)],
    responses: {
      '200': { description: 'HTML page shell.', content: { 'text/html': { schema: STRING } } },
      '303': { description: 'Wall session opened; redirect to `/wall`.', headers: { 'Set-Cookie': { description: '`noc_session`', schema: STRING }, Location: { schema: STRING } } },
      '401': { description: 'Wrong wall token (an HTML page).', content: { 'text/html': { schema: STRING } } },
      '429': { description: 'Too many wrong tokens from this address (an HTML page).', headers: { 'Retry-After': { description: 'Seconds.', schema: { type: 'integer' } } }, content: { 'text/html': { schema: STRING } } },
    },
  }),

  '/api/v1/openapi.json': on.get('viewer', {
    tag: 'meta',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    responses: { '200': { description: 'The OpenAPI 3.1 document of this API.', content: { [JSON_TYPE]: { schema: { type: 'object' } } } } },
  }),
};
