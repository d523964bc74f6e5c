import { arrayOf, enumOf, JSON_TYPE, object, ok, on, param, ref, schema } from './openapi-builders.js';
import type { PathItem } from './openapi-types.js';

/** The notification outbox and configuration reload routes. */
export const ADMIN_PATHS: Record<string, PathItem> = {
  '/api/v1/notifications': on.get('operator', {
    tag: 'notifications',
    operationId: 'listNotifications',
    summary: 'The notification outbox, newest first',
    description: 'Operators only: messages carry recipients’ addresses.',
    parameters: [param('status', 'query', 'Only messages in this state.', enumOf(['pending', 'sent', 'dead']), false), ref('parameters', 'Limit')],
    responses: { '200': ok('Messages.', arrayOf(schema('OutboxMessage'))), '400': ref('responses', 'BadRequest') },
  }),
  '/api/v1/reload': on.post('admin', {
    tag: 'admin',
    operationId: 'reloadConfig',
    summary: 'Re-read the configuration file',
    description: 'An invalid file keeps the running configuration.',
    responses: {
      '200': { description: 'Reloaded.', content: { [JSON_TYPE]: { schema: object({ status: { const: 'reloaded' } }, ['status']) } } },
      '422': ref('responses', 'InvalidConfig'),
    },
  }),
};
