import { describe, expect, it } from 'vitest';
import { ByteSize } from './byte-size.js';

describe('ByteSize', () => {
  it('reads whole bytes and decimal and binary units', () => {
    expect(ByteSize.parse(4096)).toBe(4096);
    expect(ByteSize.parse('512MiB')).toBe(512 * 1024 * 1024);
    expect(ByteSize.parse('2GB')).toBe(2_000_000_000);
    expect(ByteSize.parse('1.5 KiB')).toBe(1536);
    expect(ByteSize.parse('100')).toBe(100);
  });

  it('names what it expected for anything else', () => {
    for (const bad of ['lots', '12 parsecs', '-1MB', 1.5, -3]) {
      const result = ByteSize.safeParse(bad);
      expect(result.success, String(bad)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/expected a (size|whole number)|must be 0 or more/);
    }
  });
});
