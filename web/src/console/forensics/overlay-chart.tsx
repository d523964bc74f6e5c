import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignLines, type SeriesLine } from './forensics-logic.js';

/** A line of the chart with its axis: the focus on the left, overlays on the right. */
export interface OverlayLine {
  readonly label: string;
  readonly line: SeriesLine;
  readonly colour: string;
  readonly format: (value: number) => string;
}

/** A vertical mark: an event picked on the timeline. */
export interface ChartMark {
  readonly at: number;
  readonly label: string;
}

/** Props of {@link OverlayChart}. */
export interface OverlayChartProps {
  readonly focus: OverlayLine;
  readonly overlays: readonly OverlayLine[];
  /** The analysed window (ms), shaded. */
  readonly window?: { readonly from: number; readonly to: number };
  readonly marks: readonly ChartMark[];
  /** Times (ms) of every timeline event, drawn as ticks along the top. */
  readonly ticks: readonly number[];
  /** A drag across the plot: the range picked, in ms. */
  readonly onSelect: (from: number, to: number) => void;
  readonly locale: string;
  readonly height: number;
}

const AXIS = '#c6d2e6';
const GRID = 'rgba(198, 210, 230, 0.14)';
const SHADE = 'rgba(255, 176, 32, 0.10)';
const SHADE_EDGE = 'rgba(255, 176, 32, 0.55)';
const MARK = '#ff5a5f';
const scaleOf = (line: number) => (line === 0 ? 'y' : `o${line}`);

/**
 * The focus series (left axis) with ranked series overlaid, each on its own scale (the right axis is the
 * first overlay's, in its colour), the window shaded, timeline
 * events ticked and picked ones marked; dragging across it picks a new window.
 */
export function OverlayChart(props: OverlayChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The draw hook reads the latest props, so marks change with a redraw instead of a rebuild.
  const latest = useRef(props);
  latest.current = props;

  const lines = [props.focus, ...props.overlays];
  const key = lines.map((l) => `${l.label}:${l.colour}:${l.line.t.length}:${l.line.t[0]}:${l.line.t[l.line.t.length - 1]}`).join('|');

  useEffect(() => {
    const element = host.current;
    if (element === null) return undefined;
    const font = '12px system-ui, sans-serif';
    const width = Math.max(200, Math.floor(element.getBoundingClientRect().width));
    const axis = (scale: string, side: 1 | 3, format: (v: number) => string, grid: boolean, stroke = AXIS): uPlot.Axis => ({
      scale,
      side,
      stroke,
      grid: { show: grid, stroke: GRID },
      ticks: { stroke: GRID },
      font,
      size: (_u, values) => Math.ceil(Math.max(3, ...(values ?? []).map((v) => v.length)) * 7.5 + 14),
      values: (_u, splits) => splits.map((v) => format(v)),
    });
    const draw = (u: uPlot) => {
      const { window: win, marks, ticks } = latest.current;
      const ctx = u.ctx;
      const { top, height, left, width: plotWidth } = u.bbox;
      const px = (ms: number) => Math.round(u.valToPos(ms / 1000, 'x', true));
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, top, plotWidth, height);
      ctx.clip();
      if (win !== undefined) {
        const x0 = px(win.from);
        const x1 = px(win.to);
        ctx.fillStyle = SHADE;
        ctx.fillRect(x0, top, x1 - x0, height);
        ctx.fillStyle = SHADE_EDGE;
        ctx.fillRect(x0, top, Math.max(1, devicePixelRatio), height);
        ctx.fillRect(x1, top, Math.max(1, devicePixelRatio), height);
      }
      ctx.fillStyle = AXIS;
      for (const at of ticks) ctx.fillRect(px(at), top, Math.max(1, devicePixelRatio), 6 * devicePixelRatio);
      ctx.strokeStyle = MARK;
      ctx.fillStyle = MARK;
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
      ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
      for (const mark of marks) {
        const x = px(mark.at);
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
        const text = mark.label.length > 40 ? `${mark.label.slice(0, 39)}…` : mark.label;
        const textWidth = ctx.measureText(text).width;
        const flip = x + textWidth + 8 > left + plotWidth;
        ctx.fillText(text, flip ? x - textWidth - 4 * devicePixelRatio : x + 4 * devicePixelRatio, top + 18 * devicePixelRatio);
      }
      ctx.restore();
    };
    const options: uPlot.Options = {
      width,
      height: props.height,
      legend: { show: true },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 6 } },
      // Each overlay has a scale of its own (units differ: ms next to packets/s); the right axis reads the first.
      scales: Object.fromEntries([['x', { time: true }], ...lines.map((_l, i) => [scaleOf(i), { auto: true }])]),
      series: [
        {},
        ...lines.map((l, i) => ({
          label: l.label,
          stroke: l.colour,
          width: i === 0 ? 2 : 1.5,
          scale: scaleOf(i),
          spanGaps: false,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : l.format(v)),
        })),
      ],
      axes: [
        {
          stroke: AXIS,
          grid: { stroke: GRID },
          ticks: { stroke: GRID },
          font,
          values: (_u, splits) => splits.map((s) => new Date(s * 1000).toLocaleTimeString(props.locale, { hour: '2-digit', minute: '2-digit', hour12: false })),
        },
        axis('y', 3, props.focus.format, true),
        ...(props.overlays[0] === undefined ? [] : [axis(scaleOf(1), 1, props.overlays[0].format, false, props.overlays[0].colour)]),
      ],
      hooks: {
        draw: [draw],
        setSelect: [
          (u) => {
            if (u.select.width < 4) return;
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            latest.current.onSelect(Math.round(from), Math.round(to));
          },
        ],
      },
    };
    const chart = new uPlot(options, alignLines(lines.map((l) => l.line)), element);
    plot.current = chart;
    const resize = new ResizeObserver(() => {
      const w = Math.max(200, Math.floor(element.getBoundingClientRect().width));
      if (w !== chart.width) chart.setSize({ width: w, height: props.height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt when the set of lines changes (each brings its data); marks and the window only redraw.
  }, [key, props.height, props.locale]);

  useEffect(() => plot.current?.redraw(false, false), [props.marks, props.window, props.ticks]);

  return <div class="chart overlay-chart" ref={host} data-testid="overlay-chart" data-lines={lines.length} data-marks={props.marks.length} />;
}
