import { ADMIN_PATHS } from './admin-paths.js';
import { HEALTH_PATHS } from './health-paths.js';
import { INCIDENT_PATHS } from './incident-paths.js';
import { PARAMETER_COMPONENTS, RESPONSE_COMPONENTS, SCHEMA_COMPONENTS } from './openapi-components.js';
import type { OpenApiDocument } from './openapi-types.js';
import { REPORT_PATHS } from './report-paths.js';
import { SERIES_PATHS } from './series-paths.js';
import { SESSION_PATHS } from './session-paths.js';
import { SILENCE_PATHS } from './silence-paths.js';
import { STREAM_PATHS } from './stream-paths.js';

/** The OpenAPI 3.1 description of the HTTP API: every route, its parameters, bodies, answers and role. */
export const OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'NOC monitoring platform API',
    version: '1',
    description:
      'JSON API under `/api/v1`; health and metrics at the root. Callers authenticate with `Authorization: Bearer <token>` (`server.auth.tokens`) or the `noc_session` cookie; roles viewer < operator < admin (`x-required-role` on each operation). State changes authenticated by cookie must carry an `Origin` (or `Referer`) of the server itself. Every JSON answer is `{data, …}`; every error is `{error: {code, message, details?}}` with the matching status, never a stack trace. The live stream is a WebSocket at `/api/v1/stream` (see its `x-websocket`).',
    license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
  },
  tags: [
    { name: 'health', description: 'Liveness, readiness and the process metrics (public).' },
    { name: 'web', description: 'The web app page shells (public; they hold no data).' },
    { name: 'meta', description: 'This description.' },
    { name: 'session', description: 'Login, logout and the caller.' },
    { name: 'users', description: 'Dashboard users (admin).' },
    { name: 'stream', description: 'Live updates over WebSocket.' },
    { name: 'series', description: 'The time-series store.' },
    { name: 'targets', description: 'Monitored targets and their probes.' },
    { name: 'alerts', description: 'Alerts now pending or firing.' },
    { name: 'silences', description: 'Silences over alert labels.' },
    { name: 'maintenance', description: 'Maintenance windows over targets.' },
    { name: 'incidents', description: 'ITIL incidents and their lifecycle.' },
    { name: 'forensics', description: 'What changed and what happened around a window or an incident.' },
    { name: 'reports', description: 'Monthly availability and SLA reports.' },
    { name: 'notifications', description: 'The notification outbox.' },
    { name: 'admin', description: 'Administration.' },
  ],
  security: [{ bearerAuth: [] }, { sessionCookie: [] }],
  paths: {
    ...HEALTH_PATHS,
    ...SESSION_PATHS,
    ...STREAM_PATHS,
    ...SERIES_PATHS,
    ...SILENCE_PATHS,
    ...INCIDENT_PATHS,
    ...REPORT_PATHS,
    ...ADMIN_PATHS,
  },
  components: {
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token of `server.auth.tokens`; its role is configured with it.' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'noc_session', description: 'The session of a logged-in user or a wall screen (`POST /api/v1/session`, `GET /wall?token=`).' },
    },
    parameters: PARAMETER_COMPONENTS,
    responses: RESPONSE_COMPONENTS,
    schemas: SCHEMA_COMPONENTS,
  },
};
