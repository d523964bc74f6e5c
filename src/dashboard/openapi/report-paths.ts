import { REPORT_SCHEMAS } from '../../sla/index.js';
import { ok, on, param, ref, schema } from './openapi-builders.js';
import type { JsonSchema, PathItem } from './openapi-types.js';

const MONTH = param('month', 'query', 'The month in the contract time zone (`sla.timezone`); default: the month before this one.', { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', examples: ['2026-10'] }, false);
const FORMAT = param('format', 'query', 'JSON (`{data}`), CSV (a download) or a printable HTML page.', { type: 'string', enum: ['json', 'csv', 'html'], default: 'json' }, false);

/** JSON, or the CSV and HTML renderings of the same report. */
function reportAnswer(description: string, report: JsonSchema) {
  const answer = ok(description, report);
  return {
    ...answer,
    content: {
      ...answer.content,
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
    },
  };
}

/** The report routes. */
export const REPORT_PATHS: Record<string, PathItem> = {
  '/api/v1/reports/availability': on.get('viewer', {
    tag: 'reports',
    operationId: 'availabilityReport',
    summary: 'A month’s availability per target, role, site and service',
    description:
      'From the `up` series: up, down, unknown (no data) and maintenance time, availability against the target, allowed downtime, error budget, outages, MTTR and MTBF. The JSON is versioned (`schema`: `noc.report.availability/v1`).',
    parameters: [MONTH, FORMAT],
    responses: { '200': reportAnswer('The report.', schema('AvailabilityReport')), '400': ref('responses', 'BadRequest') },
  }),
  '/api/v1/reports/sla': on.get('viewer', {
    tag: 'reports',
    operationId: 'slaReport',
    summary: 'A month’s incidents against their SLA times, compliance and the contract’s penalties',
    description: 'Each incident’s attention and solution clocks met, missed or pending; compliance per severity and site against the target; per-site discounts with the events that caused them. The JSON is versioned (`schema`: `noc.report.sla/v1`).',
    parameters: [
      MONTH,
      FORMAT,
      param('table', 'query', 'With `format=csv`: the incidents (default) or the penalty items.', { type: 'string', enum: ['incidents', 'penalties'], default: 'incidents' }, false),
    ],
    responses: { '200': reportAnswer('The report.', schema('SlaReport')), '400': ref('responses', 'BadRequest') },
  }),
  '/api/v1/reports/schema/{name}': on.get('viewer', {
    tag: 'reports',
    operationId: 'reportSchema',
    summary: 'The JSON Schema of a report’s JSON',
    parameters: [param('name', 'path', 'The schema’s name.', { type: 'string', enum: Object.keys(REPORT_SCHEMAS) })],
    responses: {
      '200': { description: 'The JSON Schema (2020-12).', content: { 'application/schema+json': { schema: { type: 'object' } } } },
      '404': ref('responses', 'NotFound'),
    },
  }),
};

/** The report schemas as OpenAPI components (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
export const REPORT_SCHEMAS_COMPONENTS: Record<string, JsonSchema> = {
  AvailabilityReport: REPORT_SCHEMAS['availability-v1'] as JsonSchema,
  SlaReport: REPORT_SCHEMAS['sla-v1'] as JsonSchema,
};
