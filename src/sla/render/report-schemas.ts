import { z } from 'zod';
import { AVAILABILITY_REPORT_SCHEMA, AvailabilityReport, SLA_REPORT_SCHEMA, SlaReport } from '../report-model.js';

/** A published JSON Schema document (draft 2020-12), identified by the report's schema id. */
export type ReportJsonSchema = z.core.JSONSchema.BaseSchema & { readonly $id: string; readonly title: string };

/**
 * The JSON Schema of `schema` as consumers validate the report. Input mode leaves objects open (no
 * `additionalProperties: false`): adding a field is a compatible change within a version, so a
 * consumer holding the v1 schema must keep accepting v1 reports that carry it.
 */
function publish(schema: z.ZodType, id: string, title: string, description: string): ReportJsonSchema {
  const { $schema = 'https://json-schema.org/draft/2020-12/schema', ...body } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
  });
  return { $schema, $id: id, title, description, ...body };
}

/** JSON Schema of the availability report (`noc.report.availability/v1`). */
export const AVAILABILITY_REPORT_JSON_SCHEMA: ReportJsonSchema = publish(
  AvailabilityReport,
  AVAILABILITY_REPORT_SCHEMA,
  'NOC monthly availability report',
  'Availability of every target, role, site and composed service over one calendar month in the contract time zone.',
);

/** JSON Schema of the SLA compliance report (`noc.report.sla/v1`). */
export const SLA_REPORT_JSON_SCHEMA: ReportJsonSchema = publish(
  SlaReport,
  SLA_REPORT_SCHEMA,
  'NOC monthly SLA compliance report',
  'Incidents of one calendar month with their attention and solution clocks, compliance by severity and site, and contract penalties.',
);

/** The published schemas by short name, as `GET /api/v1/reports/schema/:name` serves them. */
export const REPORT_SCHEMAS: Readonly<Record<string, ReportJsonSchema>> = Object.freeze({
  'availability-v1': AVAILABILITY_REPORT_JSON_SCHEMA,
  'sla-v1': SLA_REPORT_JSON_SCHEMA,
});
