import { parseArgs } from 'node:util';
import { apiUrl, getApi, isUsageError, UsageError } from './api-client.js';
import type { CliOutput } from './lab-command.js';

/** Usage of `noc forensics`. */
export const FORENSICS_USAGE = `  noc forensics --from T [--to T] | --incident NUMBER [--focus SERIES] [--match SELECTOR] [--limit N]
        [--format table|json|md] [--config FILE] [--url URL] [--token TOKEN]
      ranks every series by how it changed in the window against the baseline before it, with the
      timeline, from a running NOC (default http://127.0.0.1:9700, or server.listen of --config; token from
      NOC_TOKEN). T: now, -2h, ISO-8601 or Unix seconds`;

/** Output formats of `noc forensics`. */
export const FORENSICS_FORMATS = ['table', 'json', 'md'] as const;
/** One of {@link FORENSICS_FORMATS}. */
export type ForensicsFormat = (typeof FORENSICS_FORMATS)[number];

/** A number as the API sends it: NaN and infinities arrive as "NaN", "+Inf", "-Inf". */
export type WireNumber = number | string;

/** A statistic summary of the baseline or window values of an entry. */
interface WireStats {
  readonly count: WireNumber;
  readonly median: WireNumber;
  readonly mean: WireNumber;
}

/** One ranked entry of `GET /api/v1/forensics`, the fields this command shows. */
export interface WireEntry {
  readonly rank: number;
  readonly key: string;
  readonly rated: boolean;
  readonly combined: WireNumber;
  readonly rankedBy: string;
  readonly baselineStats: WireStats;
  readonly windowStats: WireStats;
  readonly correlation?: { readonly r: WireNumber; readonly lagMs: WireNumber; readonly description: string };
}

/** One timeline event of `GET /api/v1/forensics`. */
export interface WireEvent {
  readonly at: string;
  readonly kind: string;
  readonly title: string;
  readonly incident?: string;
}

/** The `data` of `GET /api/v1/forensics`, the fields this command shows. */
export interface ForensicsAnswer {
  readonly window: { readonly from: string; readonly to: string };
  readonly baseline: { readonly from: string; readonly to: string };
  readonly incident?: string;
  readonly considered: number;
  readonly scored: number;
  readonly skipped: { readonly empty: number; readonly constant: number };
  readonly focus?: { readonly key: string };
  readonly entries: readonly WireEntry[];
  readonly timeline: readonly WireEvent[];
  readonly tookMs: number;
}

/** What `noc forensics` needs from its process; `fetch` is replaceable for tests. */
export interface ForensicsCommandOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly io: CliOutput;
  readonly fetch?: typeof fetch;
}

/** Four significant digits, the API's text for NaN and infinities kept as they are. */
export function formatValue(value: WireNumber | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.000Z$/, 'Z');

function correlationText(entry: WireEntry): string {
  const c = entry.correlation;
  return c === undefined ? '' : `r=${formatValue(c.r)} ${c.description}`;
}

function medians(entry: WireEntry): string {
  return `${formatValue(entry.baselineStats.median)} → ${formatValue(entry.windowStats.median)}${entry.rated ? ' /s' : ''}`;
}

function summaryLine(data: ForensicsAnswer): string {
  const skipped = data.skipped.empty + data.skipped.constant;
  return `${data.considered} series considered, ${data.scored} scored, ${skipped} skipped (${data.skipped.empty} empty, ${data.skipped.constant} constant), ${data.tookMs} ms`;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => [...(row[i] ?? '')].length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)))
      .join('  ')
      .trimEnd(),
  );
}

/** The ranking as a terminal table: rank, score, method, series, baseline→window median, correlation. */
export function formatForensicsTable(data: ForensicsAnswer): string {
  const title = `window ${shortTime(data.window.from)} → ${shortTime(data.window.to)}${data.incident === undefined ? '' : ` (incident ${data.incident})`}, baseline from ${shortTime(data.baseline.from)}`;
  const header = ['RANK', 'SCORE', 'METHOD', 'SERIES', 'MEDIAN BASELINE → WINDOW', ...(data.focus === undefined ? [] : [`CORRELATION WITH ${data.focus.key}`])];
  const rows = data.entries.map((e) => [String(e.rank), formatValue(e.combined), e.rankedBy, e.key, medians(e), ...(data.focus === undefined ? [] : [correlationText(e)])]);
  const body = rows.length === 0 ? ['(no series changed enough to score)'] : columns([header, ...rows]);
  return [title, summaryLine(data), '', ...body].join('\n');
}

/** Backslashes, pipes and newlines would break a Markdown table cell. */
const cell = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown report: the window, the ranking as a table and the timeline as a list. */
export function formatForensicsMarkdown(data: ForensicsAnswer): string {
  const lines = [
    `# Forensics: ${data.incident === undefined ? `${shortTime(data.window.from)} → ${shortTime(data.window.to)}` : `incident ${data.incident}`}`,
    '',
    `- Window: ${data.window.from} → ${data.window.to}`,
    `- Baseline: ${data.baseline.from} → ${data.baseline.to}`,
    ...(data.focus === undefined ? [] : [`- Focus: \`${data.focus.key}\``]),
    `- ${summaryLine(data)}`,
    '',
    '## What changed',
    '',
  ];
  if (data.entries.length === 0) lines.push('No series changed enough to score.');
  else {
    const focus = data.focus !== undefined;
    lines.push(`| # | Score | Method | Series | Median baseline → window |${focus ? ' Correlation |' : ''}`);
    lines.push(`|---:|---:|---|---|---|${focus ? '---|' : ''}`);
    for (const e of data.entries) {
      lines.push(`| ${e.rank} | ${formatValue(e.combined)} | ${e.rankedBy} | \`${cell(e.key)}\` | ${cell(medians(e))} |${focus ? ` ${cell(correlationText(e))} |` : ''}`);
    }
  }
  lines.push('', '## Timeline', '');
  if (data.timeline.length === 0) lines.push('Nothing recorded in the window.');
  for (const event of data.timeline) {
    lines.push(`- ${shortTime(event.at)} \`${event.kind}\` ${event.title}${event.incident === undefined ? '' : ` (${event.incident})`}`);
  }
  return lines.join('\n');
}

/**
 * `--from -2h` as `--from=-2h`: node's parseArgs takes a value starting with a dash for an option, and
 * relative times are the common case here.
 */
function joinRelativeTimes(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if ((arg === '--from' || arg === '--to') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** `noc forensics`: exit 0 with the report, 1 when the API refuses or cannot be reached, 2 for a bad command line. */
export async function forensicsCommand(args: string[], options: ForensicsCommandOptions): Promise<number> {
  const { io } = options;
  try {
    const { values } = parseArgs({
      args: joinRelativeTimes(args),
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        incident: { type: 'string' },
        focus: { type: 'string' },
        match: { type: 'string' },
        limit: { type: 'string' },
        format: { type: 'string', default: 'table' },
        config: { type: 'string', short: 'c' },
        url: { type: 'string' },
        token: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    const format = values.format as ForensicsFormat;
    if (!FORENSICS_FORMATS.includes(format)) throw new UsageError(`--format: expected one of ${FORENSICS_FORMATS.join(', ')}, got '${values.format}'`);
    if (values.incident === undefined && values.from === undefined) throw new UsageError('give --from (and --to) or --incident');
    if (values.incident !== undefined && (values.from !== undefined || values.to !== undefined)) throw new UsageError('give either --incident or --from/--to, not both');
    const query = new URLSearchParams();
    for (const name of ['from', 'to', 'incident', 'focus', 'match', 'limit'] as const) {
      const value = values[name];
      if (value !== undefined) query.set(name, value);
    }
    const base = apiUrl(values.url, values.config, options.env);
    const token = values.token ?? options.env.NOC_TOKEN;
    const answer = await getApi(options.fetch ?? fetch, `${base}/api/v1/forensics?${query.toString()}`, token);
    if (!answer.ok) {
      io.err(`noc forensics: ${answer.message}`);
      return 1;
    }
    const data = (JSON.parse(answer.body) as { data: ForensicsAnswer }).data;
    io.out(format === 'json' ? JSON.stringify(data, null, 2) : format === 'md' ? formatForensicsMarkdown(data) : formatForensicsTable(data));
    return 0;
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`noc forensics: ${(error as Error).message}\nusage:\n${FORENSICS_USAGE}`);
      return 2;
    }
    throw error;
  }
}
