import { z } from 'zod';

/** One Kamailio statistic: `group` is the module (or `script` for the statistics module's variables). */
export interface KamailioStat {
  readonly group: string;
  readonly name: string;
  readonly value: number;
}

/** The statistics read from one answer, or why the answer is not what the method returns. */
export type StatsParse = { readonly ok: true; readonly stats: readonly KamailioStat[] } | { readonly ok: false; readonly error: string };

const FetchResult = z.record(z.string(), z.union([z.string(), z.number()]));
const StatisticLines = z.array(z.string());
const UptimeResult = z.object({ uptime: z.number().nonnegative() });

// `group:name = value`; the name may hold anything but the separators.
const STATISTIC_LINE = /^\s*([^:\s]+):(\S+)\s*=\s*(\S+)\s*$/;

/** Reads `stats.fetch ["all"]`: an object of `"group.name": "value"`. Unparsable values are skipped. */
export function parseFetchResult(result: unknown): StatsParse {
  const parsed = FetchResult.safeParse(result);
  if (!parsed.success) return { ok: false, error: 'expected an object of "group.name": "value" statistics' };
  const stats: KamailioStat[] = [];
  for (const [key, raw] of Object.entries(parsed.data)) {
    const dot = key.indexOf('.');
    const value = Number(raw);
    if (dot <= 0 || dot === key.length - 1 || String(raw).trim() === '' || !Number.isFinite(value)) continue;
    stats.push({ group: key.slice(0, dot), name: key.slice(dot + 1), value });
  }
  return { ok: true, stats };
}

/** Reads `stats.get_statistics ["all"]`: a list of `"group:name = value"` lines. Other lines are skipped. */
export function parseStatisticLines(result: unknown): StatsParse {
  const parsed = StatisticLines.safeParse(result);
  if (!parsed.success) return { ok: false, error: 'expected a list of "group:name = value" lines' };
  const stats: KamailioStat[] = [];
  for (const line of parsed.data) {
    const match = STATISTIC_LINE.exec(line);
    const [, group, name, raw] = match ?? [];
    if (group === undefined || name === undefined || raw === undefined) continue;
    const value = Number(raw);
    if (Number.isFinite(value)) stats.push({ group, name, value });
  }
  return { ok: true, stats };
}

/** Reads `core.uptime`'s seconds since start, or undefined when the answer has none. */
export function parseUptime(result: unknown): number | undefined {
  const parsed = UptimeResult.safeParse(result);
  return parsed.success ? parsed.data.uptime : undefined;
}
