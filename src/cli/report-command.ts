import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { apiUrl, getApi, isUsageError, UsageError } from './api-client.js';
import type { CliOutput } from './lab-command.js';

/** Usage of `noc report`. */
export const REPORT_USAGE = `  noc report availability|sla [--month YYYY-MM] [--format json|csv|html] [--table incidents|penalties]
        [--out FILE] [--config FILE] [--url URL] [--token TOKEN]
      the month's availability or SLA compliance report (default: last month, in sla.timezone) from a
      running NOC; --table penalties gives the SLA report's penalty items as CSV`;

const KINDS = ['availability', 'sla'] as const;
const FORMATS = ['json', 'csv', 'html'] as const;

/** What `noc report` needs from its process; `fetch` is replaceable for tests. */
export interface ReportCommandOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly io: CliOutput;
  readonly fetch?: typeof fetch;
}

/** `noc report`: exit 0 with the report (on stdout or in --out), 1 when the API refuses or is unreachable, 2 for a bad command line. */
export async function reportCommand(args: string[], options: ReportCommandOptions): Promise<number> {
  const { io } = options;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        month: { type: 'string' },
        format: { type: 'string', default: 'json' },
        table: { type: 'string' },
        out: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        url: { type: 'string' },
        token: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    const [kind, ...extra] = positionals;
    if (kind === undefined || !(KINDS as readonly string[]).includes(kind)) throw new UsageError(`expected availability or sla, got ${kind === undefined ? 'nothing' : `'${kind}'`}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (!(FORMATS as readonly string[]).includes(values.format)) throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got '${values.format}'`);
    if (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) throw new UsageError(`--month: expected YYYY-MM, got '${values.month}'`);
    if (values.table !== undefined && kind !== 'sla') throw new UsageError('--table applies to the sla report only');
    const query = new URLSearchParams({ format: values.format });
    if (values.month !== undefined) query.set('month', values.month);
    if (values.table !== undefined) query.set('table', values.table);
    const base = apiUrl(values.url, values.config, options.env);
    const answer = await getApi(options.fetch ?? fetch, `${base}/api/v1/reports/${kind}?${query.toString()}`, values.token ?? options.env.NOC_TOKEN);
    if (!answer.ok) {
      io.err(`noc report: ${answer.message}`);
      return 1;
    }
    const output = values.format === 'json' ? JSON.stringify((JSON.parse(answer.body) as { data: unknown }).data, null, 2) : answer.body;
    if (values.out === undefined) io.out(output);
    else writeFileSync(values.out, output.endsWith('\n') ? output : `${output}\n`);
    return 0;
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`noc report: ${error.message}\nusage:\n${REPORT_USAGE}`);
      return 2;
    }
    throw error;
  }
}
