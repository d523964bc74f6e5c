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

  it('finds the first point at or after any time, near the newest point or far from it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: -10, max: 1_000 })), (gaps, queries) => {
        const buffer = new SeriesBuffer();
        const times: number[] = [];
        let t = 1_700_000_000_000;
        for (const gap of gaps) {
          t += gap;
          buffer.push(t, 0, -Infinity, 0);
          times.push(t);
        }
        for (const query of queries) {
          // Query times from before the first point to after the last, landing on points and between them.
          const at = times[0] as number;
          const q = at + Math.round(((t - at) * query) / 990) + (query % 3) - 1;
          const expected = times.findIndex((time) => time >= q);
          expect(buffer.seqAtOrAfter(q)).toBe(expected < 0 ? times.length : expected);
        }
      }),
    );
  });

  it('finds the first point at or after any time in a series polled at a steady interval, with jitter and gaps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 9_950, max: 10_050 }), fc.integer({ min: 1, max: 200_000 })), { minLength: 1, maxLength: 300 }),
        fc.array(fc.integer({ min: -5_000, max: 3_100_000 })),
        (gaps, offsets) => {
          const buffer = new SeriesBuffer();
          const times: number[] = [];
          let t = 1_700_000_000_000;
          for (const gap of gaps) {
            t += gap;
            buffer.push(t, 0, -Infinity, 0);
            times.push(t);
          }
          for (const offset of [...offsets, 0, t - (times[0] as number)]) {
            const q = (times[0] as number) + offset;
            const expected = times.findIndex((time) => time >= q);
            expect(buffer.seqAtOrAfter(q)).toBe(expected < 0 ? times.length : expected);
          }
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

  it('touches its oldest and newest offsets and newest value, and nothing when empty', () => {
    const buffer = new SeriesBuffer();
    expect(buffer.touch()).toBe(0);
    buffer.push(1_000, 5, -Infinity, 0);
    expect(buffer.touch()).toBe(0 + 0 + 5);
    buffer.push(3_000, 7, -Infinity, 0);
    expect(buffer.touch()).toBe(0 + 2_000 + 7);
  });

  it('copies short and long runs of points to any position, after compaction moved them', () => {
    const buffer = new SeriesBuffer();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 1_500; i++) buffer.push(t0 + i * 10_000, i / 7, t0 + (i - 1_000) * 10_000, i);
    for (const [fromSeq, toSeq, at] of [
      [buffer.firstSeq, buffer.firstSeq + 3, 0],
      [buffer.firstSeq + 10, buffer.firstSeq + 300, 5],
      [buffer.firstSeq, buffer.endSeq, 2],
    ] as const) {
      const t = new Float64Array(at + toSeq - fromSeq);
      const v = new Float64Array(at + toSeq - fromSeq);
      expect(buffer.copyTo(fromSeq, toSeq, t, v, at)).toBe(at + toSeq - fromSeq);
      for (let seq = fromSeq; seq < toSeq; seq++) {
        expect(t[at + seq - fromSeq]).toBe(buffer.timeAt(seq));
        expect(v[at + seq - fromSeq]).toBe(seq / 7);
      }
    }
  });
});
