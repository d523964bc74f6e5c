import { describe, expect, it } from 'vitest';
import { isNocError } from '../../core/noc-error.js';
import { analysisWindows, incidentWindow } from './analysis-window.js';

describe('incidentWindow', () => {
  it('runs from the margin before the incident to its resolution', () => {
    expect(incidentWindow({ occurredAt: 10_000, resolvedAt: 50_000 }, 2_000, 99_000)).toEqual({ from: 8_000, to: 50_000 });
  });

  it('runs to now while the incident is open', () => {
    expect(incidentWindow({ occurredAt: 10_000 }, 2_000, 99_000)).toEqual({ from: 8_000, to: 99_000 });
  });
});

describe('analysisWindows', () => {
  it('puts a baseline four times as long right before the window', () => {
    expect(analysisWindows({ from: 1_000, to: 2_000 })).toEqual({ window: { from: 1_000, to: 2_000 }, baseline: { from: -3_000, to: 1_000 } });
  });

  it('rejects an empty or reversed window as a bad request', () => {
    let caught: unknown;
    try {
      analysisWindows({ from: 2_000, to: 2_000 });
    } catch (error) {
      caught = error;
    }
    expect(isNocError(caught, 'bad_request')).toBe(true);
  });
});
