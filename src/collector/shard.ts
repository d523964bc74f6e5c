import type { Config, ShardConfig } from '../config/index.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of the text's UTF-8 bytes: fast, stable across versions and machines, well spread for short ids. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/**
 * The shard a target belongs to among `count`. It depends on the id alone, never on the order or number of
 * the other targets, so adding or removing a target moves no other one between collectors.
 */
export function shardOf(targetId: string, count: number): number {
  return fnv1a32(targetId) % count;
}

/**
 * What a target is sharded by: its id, or for one of a redundant pair the smaller of the two ids, so both
 * members are polled by the same collector (the pair's state is judged from both members' last runs).
 */
export function shardKey(target: { readonly id: string; readonly pair?: string | undefined }): string {
  return target.pair !== undefined && target.pair < target.id ? target.pair : target.id;
}

/** Whether the collector of `shard` polls the target (every target when there is no shard). */
export function inShard(target: { readonly id: string; readonly pair?: string | undefined }, shard: ShardConfig | undefined): boolean {
  return shard === undefined || shardOf(shardKey(target), shard.count) === shard.index;
}

/** The configuration as the collector of `config.collector.shard` sees it: only its own targets. */
export function shardedConfig(config: Config): Config {
  const shard = config.collector.shard;
  if (shard === undefined) return config;
  return { ...config, targets: config.targets.filter((target) => inShard(target, shard)) };
}
