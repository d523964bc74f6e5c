import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeriesBuffer } from './series-buffer.js';

describe('SeriesBuffer', () => {
  it('behaves like an array model under pushes with compaction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 1, max: 100_000 }), v: fc.double(), sealAdvance: fc.nat(5) }), { maxLength: 400 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (steps, window) => {
          const buffer = new SeriesBuffer();
          const model: Array<{ t: number; v: number }> = [];
          let t = 1_700_000_000_000;
          let sealedSeq = 0;
          for (const step of steps) {
            t += step.gap;
            sealedSeq = Math.min(model.length, sealedSeq + step.sealAdvance);
            buffer.push(t, step.v, t - window, sealedSeq);
            model.push({ t, v: step.v });
          }
          expect(buffer.endSeq).toBe(model.length);
          // Everything not dropped must be intact, and only sealed points older than the cut-off may drop.
          for (let seq = buffer.firstSeq; seq < buffer.endSeq; seq++) {
            expect(buffer.timeAt(seq)).toBe(model[seq]?.t);
            expect(Object.is(buffer.valueAt(seq), model[seq]?.v)).toBe(true);
          }
          expect(buffer.firstSeq).toBeLessThanOrEqual(sealedSeq);
          const first = model[buffer.firstSeq];
          if (first) expect(buffer.seqAtOrAfter(first.t)).toBe(buffer.firstSeq);
          expect(buffer.seqAtOrAfter(t + 1)).toBe(buffer.endSeq);
        },
      ),
    );
  });

  it('keeps memory bounded to about the hot window', () => {
    const buffer = new SeriesBuffer();
    for (let i = 0; i < 100_000; i++) buffer.push(i * 10_000, i, i * 10_000 - 3_600_000, i);
    expect(buffer.length).toBeLessThanOrEqual(460); // the hour plus compaction slack
    expect(buffer.byteSize).toBeLessThanOrEqual(1.5 * 460 * 12);
  });
});
