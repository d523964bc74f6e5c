import { asMap, asText, mapsAt, type RawMap } from './raw-config.js';
import { checkReference, indexUnique, silent, type CheckContext, type ConfigCheck, type NameIndex } from './config-check.js';
import { indexChannelNames } from './channel-names.js';
import { indexTargetIds, rawTargets } from './target-ids.js';
import type { ConfigPath } from '../yaml-walk.js';

interface RawService {
  readonly name: string;
  readonly map: RawMap;
  readonly path: ConfigPath;
}

function rawServices(raw: unknown): RawService[] {
  return mapsAt(raw, [], 'services').flatMap(({ map, path }) => {
    const name = asText(map['name']);
    return name === undefined ? [] : [{ name, map, path }];
  });
}

/** Member names of a service that are strings (selectors are not names). */
function namedMembers(service: RawService): { text: string; path: ConfigPath }[] {
  const members = service.map['members'];
  if (!Array.isArray(members)) return [];
  return members.flatMap((member: unknown, index) => (typeof member === 'string' ? [{ text: member, path: [...service.path, 'members', index] }] : []));
}

/** The first cycle through `start` in the graph of named service members, as names, or undefined. */
function cycleFrom(start: string, graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const walk = (name: string, trail: string[]): string[] | undefined => {
    for (const next of graph.get(name) ?? []) {
      if (next === start) return [...trail, next];
      if (trail.includes(next)) continue;
      const found = walk(next, [...trail, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

function checkMembers(services: readonly RawService[], names: NameIndex, targets: NameIndex, ctx: CheckContext): void {
  const known: NameIndex = new Map([...targets, ...names]);
  const graph = new Map<string, string[]>();
  for (const service of services) {
    const members = namedMembers(service);
    for (const member of members) {
      if (targets.has(member.text) && names.has(member.text)) {
        ctx.report(member.path, `"${member.text}" is both a target id and a service name: rename the service`);
      } else {
        checkReference(member, known, 'service member (target id or service name)', ctx);
      }
    }
    graph.set(service.name, members.filter((member) => names.has(member.text)).map((member) => member.text));
    const require = service.map['require'];
    const count = Array.isArray(service.map['members']) ? service.map['members'].length : 0;
    const onlyNamed = count === members.length;
    if (typeof require === 'number' && onlyNamed && require > count) {
      ctx.report([...service.path, 'require'], `requires ${require} members up but lists only ${count}`);
    }
  }
  const reported = new Set<string>();
  for (const service of services) {
    if (reported.has(service.name)) continue;
    const cycle = cycleFrom(service.name, graph);
    if (cycle === undefined) continue;
    for (const name of cycle) reported.add(name);
    ctx.report([...service.path, 'members'], `services contain each other: ${cycle.join(' → ')}`);
  }
}

function checkContract(raw: unknown, names: NameIndex, ctx: CheckContext): void {
  const sites = asMap(asMap(asMap(asMap(raw)?.['sla'])?.['contract'])?.['sites']);
  if (sites === undefined) return;
  for (const [site, value] of Object.entries(sites)) {
    const service = asText(asMap(value)?.['service']);
    if (service !== undefined) checkReference({ text: service, path: ['sla', 'contract', 'sites', site, 'service'] }, names, 'service', ctx);
  }
}

function checkMonthlyReports(raw: unknown, ctx: CheckContext): void {
  const monthly = asMap(asMap(asMap(asMap(raw)?.['sla'])?.['reports'])?.['monthly']);
  const channel = asText(monthly?.['channel']);
  if (channel === undefined) return;
  const path: ConfigPath = ['sla', 'reports', 'monthly', 'channel'];
  const channels = indexChannelNames(raw, silent);
  checkReference({ text: channel, path }, channels, 'channel', ctx);
  const definition = mapsAt(asMap(raw)?.['notifications'], ['notifications'], 'channels').find(({ map }) => map['name'] === channel);
  const kind = asText(definition?.map['kind']);
  if (kind !== undefined && kind !== 'email') ctx.report(path, `channel "${channel}" is a ${kind} channel; the monthly reports need an email channel`);
}

/** Service names are unique, members exist and do not loop, and what the contract and the report job name exists. */
export const checkServices: ConfigCheck = (raw, ctx) => {
  const services = rawServices(raw);
  const names = indexUnique(
    services.map((service) => ({ text: service.name, path: [...service.path, 'name'] })),
    'service name',
    ctx,
  );
  const targets = rawTargets(raw).length > 0 ? indexTargetIds(raw, silent) : new Map<string, ConfigPath>();
  checkMembers(services, names, targets, ctx);
  checkContract(raw, names, ctx);
  checkMonthlyReports(raw, ctx);
};
