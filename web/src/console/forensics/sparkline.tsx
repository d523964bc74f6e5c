import { useEffect, useRef, useState } from 'preact/hooks';
import type { SeriesLine } from './forensics-logic.js';

const BASELINE = '#7d8aa3';
const WINDOW_FILL = 'rgba(255, 176, 32, 0.12)';

/** Props of {@link Sparkline}. */
export interface SparklineProps {
  /** Resolves to the series over [from, to]; undefined while not asked yet. */
  readonly line: Promise<SeriesLine> | undefined;
  readonly from: number;
  readonly to: number;
  /** Where the window starts: the part before it is the baseline, drawn grey. */
  readonly windowFrom: number;
  readonly colour: string;
  readonly label: string;
}

/** A small canvas line of one series: baseline grey, window coloured on a light band. */
export function Sparkline({ line, from, to, windowFrom, colour, label }: SparklineProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'empty' | 'drawn' | 'failed'>('loading');
  const [data, setData] = useState<SeriesLine | undefined>(undefined);

  useEffect(() => {
    let live = true;
    setState('loading');
    line?.then(
      (loaded) => live && (setData(loaded), setState(loaded.v.some((v) => v !== null) ? 'drawn' : 'empty')),
      () => live && setState('failed'),
    );
    return () => {
      live = false;
    };
  }, [line]);

  useEffect(() => {
    const element = canvas.current;
    if (element === null || data === undefined) return;
    const ratio = window.devicePixelRatio || 1;
    const width = element.clientWidth;
    const height = element.clientHeight;
    element.width = Math.round(width * ratio);
    element.height = Math.round(height * ratio);
    const ctx = element.getContext('2d');
    if (ctx === null) return;
    ctx.scale(ratio, ratio);
    ctx.clearRect(0, 0, width, height);
    const values = data.v.filter((v): v is number => v !== null);
    if (values.length === 0) return;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const span = hi - lo || 1;
    const x = (time: number) => ((time - from) / (to - from || 1)) * width;
    const y = (value: number) => height - 2 - ((value - lo) / span) * (height - 4);
    const split = x(windowFrom);
    ctx.fillStyle = WINDOW_FILL;
    ctx.fillRect(split, 0, width - split, height);
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    // Two passes clipped at the window start, so the segment crossing it changes colour exactly there.
    for (const [clipFrom, clipTo, stroke] of [
      [0, split, BASELINE],
      [split, width, colour],
    ] as const) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(clipFrom, 0, clipTo - clipFrom, height);
      ctx.clip();
      ctx.strokeStyle = stroke;
      ctx.beginPath();
      let pen = false;
      data.t.forEach((time, i) => {
        const value = data.v[i];
        if (value === null || value === undefined) {
          pen = false;
          return;
        }
        if (pen) ctx.lineTo(x(time), y(value));
        else ctx.moveTo(x(time), y(value));
        pen = true;
      });
      ctx.stroke();
      ctx.restore();
    }
  }, [data, from, to, windowFrom, colour]);

  return <canvas class={`sparkline spark-${state}`} ref={canvas} role="img" aria-label={label} data-state={state} />;
}
