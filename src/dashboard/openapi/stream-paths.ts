import { arrayOf, enumOf, object, on, schema, strictObject, STRING, STRING_MAP } from './openapi-builders.js';
import { ROLES } from './openapi-enums.js';
import type { PathItem } from './openapi-types.js';

/** The messages of the live stream, which OpenAPI itself cannot describe. */
const WEBSOCKET = {
  subprotocol: 'json',
  serverToClient: {
    hello: { description: 'Sent once on connect.', schema: object({ type: { const: 'hello' }, serverTime: { type: 'integer', description: 'ms since the epoch' }, role: enumOf(ROLES) }, ['type', 'serverTime', 'role']) },
    samples: {
      description: 'The latest sample per subscribed series since the last flush (every 250 ms).',
      schema: object(
        {
          type: { const: 'samples' },
          samples: arrayOf(
            object({ series: { type: 'string', description: 'series key' }, metric: STRING, labels: STRING_MAP, t: { type: 'integer' }, v: schema('SampleValue') }, ['series', 'metric', 'labels', 't', 'v']),
          ),
        },
        ['type', 'samples'],
      ),
    },
    target: { description: 'A target changed (coalesced per target).', schema: object({ type: { const: 'target' }, target: schema('Target') }, ['type', 'target']) },
    alert: {
      description: 'An alert changed.',
      schema: object({ type: { const: 'alert' }, alert: { allOf: [schema('Alert'), object({ change: { type: 'string', examples: ['firing', 'pending', 'resolved'] } }, ['change'])] } }, ['type', 'alert']),
    },
    incident: { description: 'An incident changed (coalesced per number).', schema: object({ type: { const: 'incident' }, incident: schema('Incident') }, ['type', 'incident']) },
    error: { description: 'A subscription was refused (e.g. a bad selector).', schema: object({ type: { const: 'error' }, message: STRING }, ['type', 'message']) },
  },
  clientToServer: {
    subscribe: {
      description: 'Replaces the subscription. Before the first one the client receives only `hello`.',
      schema: strictObject(
        {
          type: { const: 'subscribe' },
          series: { ...arrayOf({ type: 'string', maxLength: 4096 }), maxItems: 100, default: [], description: 'PromQL selectors, as in `GET /api/v1/series`' },
          targets: { type: 'boolean', default: false },
          alerts: { type: 'boolean', default: false },
          incidents: { type: 'boolean', default: false },
        },
        ['type'],
      ),
    },
  },
  closeCodes: {
    '1001': 'the server is shutting down',
    '1013': 'slow consumer: the client fell more than 1 MiB (or the pending queue bound) behind',
  },
} as const;

/** The live stream route. */
export const STREAM_PATHS: Record<string, PathItem> = {
  '/api/v1/stream': on.get('viewer', {
    tag: 'stream',
    operationId: 'openStream',
    summary: 'Live stream (WebSocket)',
    description:
      'An HTTP GET with `Upgrade: websocket`, authenticated like the API (session cookie or `Authorization: Bearer`). A handshake whose `Origin` is not the server itself is refused with 403. JSON text frames; see `x-websocket` for every message.',
    responses: { '101': { description: 'Switching to the WebSocket protocol.' } },
    'x-websocket': WEBSOCKET,
  }),
};
