import { describe, expect, it } from 'vitest';
import { HeartbeatConfig, OutboxConfig } from './outbox.js';

describe('OutboxConfig', () => {
  it('fills every default in ms', () => {
    expect(OutboxConfig.parse({})).toEqual({
      poll_interval: 1_000,
      concurrency: 4,
      send_timeout: 30_000,
      max_age: 86_400_000,
      retry: { initial: 5_000, factor: 2, max: 600_000 },
    });
  });

  it('parses durations', () => {
    const parsed = OutboxConfig.parse({
      poll_interval: '500ms',
      concurrency: 8,
      send_timeout: '10s',
      max_age: '6h',
      retry: { initial: '1s', factor: 3, max: '5m' },
    });
    expect(parsed).toEqual({
      poll_interval: 500,
      concurrency: 8,
      send_timeout: 10_000,
      max_age: 21_600_000,
      retry: { initial: 1_000, factor: 3, max: 300_000 },
    });
  });

  it.each([
    [{ concurrency: 0 }, 'concurrency', 'must be 1 or more'],
    [{ concurrency: 1.5 }, 'concurrency', 'expected a whole number'],
    [{ poll_interval: '0s' }, 'poll_interval', 'must be longer than 0s'],
    [{ retry: { factor: 0.5 } }, 'retry.factor', 'must be 1 or more'],
    [{ retry: { initial: '1m', max: '30s' } }, 'retry.max', 'max must not be shorter than initial'],
    [{ max_age: '1 day' }, 'max_age', 'expected a duration such as 10s, 5m or 1h30m'],
  ])('rejects %j at %s', (input, path, message) => {
    const result = OutboxConfig.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join('.')).toBe(path);
    expect(issue?.message).toContain(message);
  });

  it('rejects unknown keys', () => {
    expect(OutboxConfig.safeParse({ pol_interval: '1s' }).success).toBe(false);
  });
});

describe('HeartbeatConfig', () => {
  it('needs a channel and beats every 5 minutes by default', () => {
    expect(HeartbeatConfig.parse({ channel: 'watchdog' })).toEqual({ channel: 'watchdog', interval: 300_000 });
    expect(HeartbeatConfig.safeParse({}).success).toBe(false);
  });
});
