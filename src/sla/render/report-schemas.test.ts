import { describe, expect, it } from 'vitest';
import { AVAILABILITY_REPORT_JSON_SCHEMA, REPORT_SCHEMAS, SLA_REPORT_JSON_SCHEMA, type ReportJsonSchema } from './report-schemas.js';

type Node = Record<string, unknown>;

/** The sub-schema at a path of property names through `properties` (and `items` for '[]'). */
function at(schema: ReportJsonSchema, ...path: string[]): Node {
  let node: Node = schema;
  for (const step of path) {
    node = (step === '[]' ? node['items'] : (node['properties'] as Node)[step]) as Node;
    expect(node, path.join('.')).toBeDefined();
  }
  return node;
}

describe('report JSON Schemas', () => {
  it('are identified by the report schema ids, draft 2020-12, with titles', () => {
    expect(AVAILABILITY_REPORT_JSON_SCHEMA.$id).toBe('noc.report.availability/v1');
    expect(SLA_REPORT_JSON_SCHEMA.$id).toBe('noc.report.sla/v1');
    for (const schema of [AVAILABILITY_REPORT_JSON_SCHEMA, SLA_REPORT_JSON_SCHEMA]) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.title).toMatch(/^NOC monthly /);
      expect(Object.keys(schema).slice(0, 3)).toEqual(['$schema', '$id', 'title']);
    }
  });

  it('are served by short name', () => {
    expect(Object.keys(REPORT_SCHEMAS).sort()).toEqual(['availability-v1', 'sla-v1']);
    expect(REPORT_SCHEMAS['availability-v1']).toBe(AVAILABILITY_REPORT_JSON_SCHEMA);
    expect(REPORT_SCHEMAS['sla-v1']).toBe(SLA_REPORT_JSON_SCHEMA);
    expect(REPORT_SCHEMAS['nope']).toBeUndefined();
    expect(Object.isFrozen(REPORT_SCHEMAS)).toBe(true);
  });

  it('describe the availability report fields with their types', () => {
    const schema = AVAILABILITY_REPORT_JSON_SCHEMA;
    expect(schema.required).toEqual(expect.arrayContaining(['schema', 'generatedAt', 'period', 'totals', 'targets', 'roles', 'sites', 'services']));
    expect(at(schema, 'schema')['const']).toBe('noc.report.availability/v1');
    expect(at(schema, 'period')['required']).toEqual(expect.arrayContaining(['month', 'timeZone', 'from', 'to', 'seconds', 'measuredTo']));
    expect(at(schema, 'period', 'month')['pattern']).toBe('^\\d{4}-(0[1-9]|1[0-2])$');
    expect(at(schema, 'totals', 'availabilityPercent')['type']).toEqual(['number', 'null']);
    expect(at(schema, 'totals', 'outages')['type']).toBe('integer');
    expect(at(schema, 'totals', 'upSeconds')).toMatchObject({ type: 'number', minimum: 0 });
    expect(at(schema, 'targets', '[]', 'outageList', '[]', 'ongoing')['type']).toBe('boolean');
    expect(at(schema, 'targets', '[]', 'maintenanceList', '[]', 'source')['enum']).toEqual(['config', 'api']);
  });

  it('describe the SLA report fields with their types', () => {
    const schema = SLA_REPORT_JSON_SCHEMA;
    expect(at(schema, 'period')['required']).toContain('month');
    expect(at(schema, 'incidents', '[]', 'severity')['enum']).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(at(schema, 'incidents', '[]', 'attention', 'state')['enum']).toEqual(['met', 'missed', 'pending']);
    expect(at(schema, 'incidents', '[]', 'withinSla')['type']).toEqual(['boolean', 'null']);
    expect(at(schema, 'totals', 'compliancePercent')['type']).toEqual(['number', 'null']);
    const penalties = at(schema, 'penalties')['anyOf'] as Node[];
    expect(penalties.map((option) => option['type'])).toEqual(['object', 'null']);
    expect((penalties[0]?.['required'] as string[])).toEqual(expect.arrayContaining(['currency', 'capPercent', 'sites', 'total']));
  });

  it('leave objects open, so a field added within a version does not break a consumer', () => {
    expect(JSON.stringify(REPORT_SCHEMAS)).not.toContain('additionalProperties');
  });
});
