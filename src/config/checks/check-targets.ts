import { asText, textsAt } from './raw-config.js';
import { checkReference, type ConfigCheck } from './config-check.js';
import { indexTargetIds, rawTargets } from './target-ids.js';
import type { ConfigPath } from '../yaml-walk.js';

/** Target ids are unique; `pair` and `depends_on` name other, existing targets; dependencies have no cycle. */
export const checkTargets: ConfigCheck = (raw, ctx) => {
  const ids = indexTargetIds(raw, ctx);
  const targets = rawTargets(raw);
  const pairOf = new Map<string, string>();
  const edges = new Map<string, { text: string; path: ConfigPath }[]>();
  for (const { map, path } of targets) {
    const id = asText(map['id']);
    const pair = asText(map['pair']);
    if (pair !== undefined) {
      if (pair === id) ctx.report([...path, 'pair'], 'a target cannot be paired with itself');
      else checkReference({ text: pair, path: [...path, 'pair'] }, ids, 'target', ctx);
      if (id !== undefined) pairOf.set(id, pair);
    }
    const deps = textsAt(map, path, 'depends_on');
    for (const dep of deps) {
      if (dep.text === id) ctx.report(dep.path, 'a target cannot depend on itself');
      else checkReference(dep, ids, 'target', ctx);
    }
    if (id !== undefined && ids.get(id)?.[1] === path[1]) edges.set(id, deps.filter((dep) => ids.has(dep.text)));
  }
  for (const { map, path } of targets) {
    const id = asText(map['id']);
    const pair = asText(map['pair']);
    const back = pair === undefined ? undefined : pairOf.get(pair);
    if (id !== undefined && pair !== undefined && back !== undefined && back !== id && pair !== id) {
      ctx.report([...path, 'pair'], `"${pair}" is paired with "${back}", not with "${id}"`);
    }
  }
  reportCycles(edges, ctx.report.bind(ctx));
};

function reportCycles(
  edges: ReadonlyMap<string, readonly { text: string; path: ConfigPath }[]>,
  report: (path: ConfigPath, message: string) => void,
): void {
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    stack.push(id);
    for (const dep of edges.get(id) ?? []) {
      const at = stack.indexOf(dep.text);
      if (at >= 0) {
        report(dep.path, `dependency cycle: ${[...stack.slice(at), dep.text].join(' → ')}`);
      } else if (!done.has(dep.text)) {
        visit(dep.text);
      }
    }
    stack.pop();
    done.add(id);
  };
  for (const id of edges.keys()) if (!done.has(id)) visit(id);
}
