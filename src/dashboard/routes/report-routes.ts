import { Router, type Response } from 'express';
import { type Clock, NocError } from '../../core/index.js';
import {
  availabilityCsv,
  availabilityHtml,
  type MonthlyReports,
  penaltiesCsv,
  previousMonth,
  REPORT_SCHEMAS,
  slaCsv,
  slaHtml,
} from '../../sla/index.js';
import { requireRole } from '../auth.js';
import { type Query, stringParam } from './query-params.js';

const FORMATS = ['json', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];
const SLA_TABLES = ['incidents', 'penalties'] as const;

/**
 * The policy of a rendered HTML report: its styles are inline and it has no script at all, so nothing
 * else may load or run (stricter than the app's policy, which would block the inline styles).
 */
const REPORT_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function formatOf(query: Query): Format {
  const text = stringParam(query, 'format') ?? 'json';
  if (!(FORMATS as readonly string[]).includes(text)) throw new NocError('bad_request', `parameter 'format': expected ${FORMATS.join(', ')}, got '${text}'`);
  return text as Format;
}

function checkParameters(query: Query, known: readonly string[]): void {
  const unknown = Object.keys(query).find((name) => !known.includes(name));
  if (unknown !== undefined) throw new NocError('bad_request', `parameter '${unknown}' is not known; expected ${known.join(', ')}`);
}

function sendFile(res: Response, body: string, type: 'csv' | 'html', name: string): void {
  if (type === 'csv') {
    res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(body);
    return;
  }
  res.set('Content-Security-Policy', REPORT_PAGE_POLICY).type('text/html; charset=utf-8').send(body);
}

/**
 * `GET /reports/availability` and `GET /reports/sla` (viewer): one month (`month=YYYY-MM` in the contract's
 * time zone, default: the month before this one) as JSON, CSV or printable HTML; `GET /reports/schema/:name`
 * publishes the JSON Schemas of the JSON answers.
 */
export function reportRoutes(reports: MonthlyReports, timeZone: () => string, clock: Clock): Router {
  const router = Router();
  const monthOf = (query: Query): string => stringParam(query, 'month') ?? previousMonth(clock.now(), timeZone()).month;

  router.get('/reports/availability', requireRole('viewer'), async (req, res) => {
    const query = req.query as Query;
    checkParameters(query, ['month', 'format']);
    const format = formatOf(query);
    const report = await reports.availability(monthOf(query));
    const name = `noc-availability-${report.period.month}`;
    if (format === 'json') res.json({ data: report });
    else sendFile(res, format === 'csv' ? availabilityCsv(report) : availabilityHtml(report), format, name);
  });

  router.get('/reports/sla', requireRole('viewer'), async (req, res) => {
    const query = req.query as Query;
    checkParameters(query, ['month', 'format', 'table']);
    const format = formatOf(query);
    const table = stringParam(query, 'table') ?? 'incidents';
    if (!(SLA_TABLES as readonly string[]).includes(table)) throw new NocError('bad_request', `parameter 'table': expected ${SLA_TABLES.join(' or ')}, got '${table}'`);
    if (table !== 'incidents' && format !== 'csv') throw new NocError('bad_request', "parameter 'table': applies to format=csv only");
    const report = await reports.sla(monthOf(query));
    const name = `noc-sla-${table === 'penalties' ? 'penalties-' : ''}${report.period.month}`;
    if (format === 'json') res.json({ data: report });
    else if (format === 'html') sendFile(res, slaHtml(report), 'html', name);
    else sendFile(res, table === 'penalties' ? penaltiesCsv(report) : slaCsv(report), 'csv', name);
  });

  router.get('/reports/schema/:name', requireRole('viewer'), (req, res) => {
    const name = String(req.params.name).replace(/\.json$/, '');
    const schema = REPORT_SCHEMAS[name];
    if (schema === undefined) throw new NocError('not_found', `no report schema '${name}'; known: ${Object.keys(REPORT_SCHEMAS).join(', ')}`);
    res.type('application/schema+json').send(JSON.stringify(schema, null, 2));
  });

  return router;
}
