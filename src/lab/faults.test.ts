import { describe, expect, it } from 'vitest';
import { FaultBoard, FaultError, type ActiveFault } from './faults.js';
import { LAB_NODES } from './topology.js';

describe('FaultBoard', () => {
  it('refuses unknown targets and faults, and faults that do not fit the role', () => {
    const board = new FaultBoard(LAB_NODES);
    expect(() => board.inject('sbc-xx-9', 'down', 0)).toThrow(/unknown lab target "sbc-xx-9"; expected one of core-1, core-2/);
    expect(() => board.inject('sbc-co-1', 'melt', 0)).toThrow(/unknown fault "melt"; expected one of down, slow/);
    expect(() => board.inject('db-1', 'ddos', 0)).toThrow(new FaultError('fault "ddos" applies to sbc targets; db-1 is a database'));
    expect(() => board.inject('db-1', 'lag', 0)).toThrow(/applies to a replica; db-1 is a primary/);
    expect(() => board.inject('sbc-co-1', 'grade-drop', 0)).toThrow(/applies to https targets/);
    expect(() => board.inject('sbc-co-1', 'down', 0, 0)).toThrow(/positive/);
  });

  it('expires a timed fault and tells listeners about injections and clearances', () => {
    const board = new FaultBoard(LAB_NODES);
    const events: string[] = [];
    board.onChange((fault: ActiveFault, change) => events.push(`${change} ${fault.target} ${fault.kind}`));
    board.inject('sbc-co-1', 'down', 1_000, 60_000);
    board.inject('web-2', 'grade-drop', 1_000);
    expect(board.find('sbc-co-1', 'down', 60_999)).toBeDefined();
    expect(board.find('sbc-co-1', 'down', 61_000)).toBeUndefined();
    expect(board.active(61_000).map((fault) => fault.target)).toEqual(['web-2']);
    expect(board.clear('web-2')).toHaveLength(1);
    expect(board.clear('web-2')).toHaveLength(0);
    expect(events).toEqual(['injected sbc-co-1 down', 'injected web-2 grade-drop', 'cleared sbc-co-1 down', 'cleared web-2 grade-drop']);
  });
});
