import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../config/index.js';
import { fnv1a32, inShard, shardedConfig, shardKey, shardOf } from './shard.js';

describe('fnv1a32', () => {
  it('gives the published FNV-1a 32 test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('shardOf', () => {
  it('assigns ids as computed by hand from their hashes', () => {
    // core-1 0xc742f548, sbc-2 0x4bb14d8a, db-1 0x4476ec01 (FNV-1a 32 of the UTF-8 bytes), taken modulo the count.
    expect(['core-1', 'sbc-2', 'db-1'].map((id) => shardOf(id, 2))).toEqual([0, 0, 1]);
    expect(['core-1', 'sbc-2', 'db-1'].map((id) => shardOf(id, 3))).toEqual([0, 2, 0]);
    expect(['core-1', 'sbc-2', 'db-1'].map((id) => shardOf(id, 5))).toEqual([2, 2, 3]);
  });

  it('splits any set of ids into disjoint shards that together cover it', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `target-${i}`);
    for (const count of [1, 2, 3, 4, 7]) {
      const shards = Array.from({ length: count }, (_, index) => ids.filter((id) => inShard({ id }, { index, count })));
      expect(shards.flat().sort()).toEqual([...ids].sort());
      expect(new Set(shards.flat()).size).toBe(ids.length);
    }
  });

  it('does not depend on the order or number of the other targets', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `sbc-${i}`);
    const before = new Map(ids.map((id) => [id, shardOf(id, 3)]));
    const after = [...ids, 'new-core'].reverse();
    for (const id of after) if (before.has(id)) expect(shardOf(id, 3)).toBe(before.get(id));
  });

  it('keeps both members of a pair in one shard, by the smaller id', () => {
    // db-1 alone goes to shard 1 of 2 and core-1 to shard 0; paired, db-1 follows core-1.
    expect(inShard({ id: 'db-1' }, { index: 1, count: 2 })).toBe(true);
    expect(inShard({ id: 'db-1', pair: 'core-1' }, { index: 0, count: 2 })).toBe(true);
    expect(inShard({ id: 'core-1', pair: 'db-1' }, { index: 0, count: 2 })).toBe(true);
    expect(shardKey({ id: 'sbc-2', pair: 'sbc-1' })).toBe('sbc-1');
  });

  it('spreads 1,000 ids roughly evenly', () => {
    for (const count of [2, 3, 4]) {
      const sizes = new Array<number>(count).fill(0);
      for (let i = 0; i < 1000; i++) {
        const shard = shardOf(`site-${i % 17}-host-${i}`, count);
        sizes[shard] = (sizes[shard] ?? 0) + 1;
      }
      const even = 1000 / count;
      for (const size of sizes) expect(Math.abs(size - even)).toBeLessThan(even * 0.15);
    }
  });
});

const CONFIG = (shard: string): string => `collector:
${shard}
targets:
  - { id: core-1, role: core, site: qro, probes: [{ kind: sip_options, target: "sip:127.0.0.1" }] }
  - { id: sbc-2, role: sbc, site: qro, probes: [{ kind: sip_options, target: "sip:127.0.0.1" }] }
  - { id: db-1, role: database, site: qro, probes: [{ kind: sip_options, target: "sip:127.0.0.1" }] }
`;

function issues(text: string): string[] {
  const result = loadConfigText(text, { file: 'noc.yaml' });
  return result.ok ? [] : result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

describe('collector.shard', () => {
  it('keeps only the shard own targets', () => {
    const result = loadConfigText(CONFIG('  shard: { index: 1, count: 2 }'), { file: 'noc.yaml' });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(shardedConfig(result.config).targets.map((t) => t.id)).toEqual(['db-1']);
    const all = loadConfigText(CONFIG('  max_concurrent: 8'), { file: 'noc.yaml' });
    if (!all.ok) throw new Error(JSON.stringify(all.issues));
    expect(shardedConfig(all.config).targets.map((t) => t.id)).toEqual(['core-1', 'sbc-2', 'db-1']);
  });

  it('names the field of a bad shard', () => {
    expect(issues(CONFIG('  shard: { index: 2, count: 2 }'))).toEqual([
      'collector.shard.index: must be below count (shards are numbered from 0 to count - 1)',
    ]);
    expect(issues(CONFIG('  shard: { index: -1, count: 2 }'))).toEqual(['collector.shard.index: must be 0 or more']);
    expect(issues(CONFIG('  shard: { index: 0, count: 0 }'))).toEqual(['collector.shard.count: must be 1 or more']);
    expect(issues(CONFIG('  shard: { index: 0.5, count: 2 }'))).toEqual(['collector.shard.index: expected a whole number']);
  });
});
