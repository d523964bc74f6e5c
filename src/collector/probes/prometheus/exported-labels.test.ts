import { describe, expect, it } from 'vitest';
import { exportClashingLabels } from './exported-labels.js';

describe('exportClashingLabels', () => {
  const reserved = new Set(['target', 'probe', 'site']);

  it('returns labels without a clash as they are', () => {
    const labels = { cpu: '0', mode: 'idle' };
    expect(exportClashingLabels(labels, reserved)).toBe(labels);
  });

  it('renames clashing labels to exported_<name>', () => {
    expect(exportClashingLabels({ target: 'db-9', site: 'mty', mode: 'idle' }, reserved)).toEqual({
      exported_target: 'db-9',
      exported_site: 'mty',
      mode: 'idle',
    });
  });

  it('prefixes again when exported_<name> is taken', () => {
    expect(exportClashingLabels({ target: 'a', exported_target: 'b' }, reserved)).toEqual({ exported_target: 'b', exported_exported_target: 'a' });
  });
});
