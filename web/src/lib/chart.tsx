import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface ChartLine {
  readonly label: string;
  readonly stroke: string;
}

/** Props of {@link Chart}. */
export interface ChartProps {
  /** x in Unix seconds, then one array per line (null for a gap). */
  readonly data: uPlot.AlignedData;
  readonly lines: readonly ChartLine[];
  readonly height: number;
  /** Font size of the axes in CSS pixels (the wall uses large ones). */
  readonly fontPx?: number;
  readonly format?: (value: number) => string;
  /** Drag across the plot zooms in, double-click resets (uPlot's own cursor zoom). */
  readonly zoom?: boolean;
  readonly legend?: boolean;
  /** Locale of the time axis. */
  readonly locale?: string;
  readonly testId?: string;
}

const AXIS = '#c6d2e6';
const GRID = 'rgba(198, 210, 230, 0.14)';

function options(props: ChartProps, width: number): uPlot.Options {
  const px = props.fontPx ?? 12;
  const font = `${px}px system-ui, sans-serif`;
  const format = props.format ?? ((v: number) => String(v));
  return {
    width,
    height: props.height,
    legend: { show: props.legend ?? false },
    cursor: { drag: { x: props.zoom ?? false, y: false }, points: { size: 6 } },
    scales: { x: { time: true }, y: { range: (_u, min, max) => (max <= min ? [Math.min(0, min), max + 1] : [Math.min(0, min), max * 1.08]) } },
    series: [
      {},
      ...props.lines.map((line) => ({ label: line.label, stroke: line.stroke, width: 2, points: { show: false }, value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)) })),
    ],
    axes: [
      {
        stroke: AXIS,
        grid: { stroke: GRID },
        ticks: { stroke: GRID },
        font,
        size: Math.round(px * 2.4),
        space: px * 6,
        // 24-hour clock: the NOC reads times as 15:40, and am/pm labels run into each other on small charts.
        values: (_u, splits) => splits.map((s) => new Date(s * 1000).toLocaleTimeString(props.locale ?? 'en', { hour: '2-digit', minute: '2-digit', hour12: false })),
      },
      {
        stroke: AXIS,
        grid: { stroke: GRID },
        ticks: { stroke: GRID },
        font,
        space: px * 2.5,
        // Wide enough for the longest label, measured roughly: clipped numbers on a wall are worse than a narrow plot.
        size: (_u, values) => Math.ceil(Math.max(3, ...(values ?? []).map((v) => v.length)) * px * 0.62 + px * 1.2),
        values: (_u, splits) => splits.map((v) => format(v)),
      },
    ],
  };
}

/**
 * A uPlot chart sized to its container. The plot is built once per set of lines and fed new data with
 * setData, so a live update costs a redraw, not a rebuild.
 */
export function Chart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const lineKey = props.lines.map((l) => l.label).join('|');

  useEffect(() => {
    const element = host.current;
    if (element === null) return undefined;
    const width = Math.max(120, Math.floor(element.getBoundingClientRect().width));
    const chart = new uPlot(options(props, width), props.data, element);
    plot.current = chart;
    const resize = new ResizeObserver(() => {
      const w = Math.max(120, Math.floor(element.getBoundingClientRect().width));
      if (w !== chart.width) chart.setSize({ width: w, height: props.height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the lines, the height or the font change; data flows through setData below.
  }, [lineKey, props.height, props.fontPx, props.zoom, props.locale]);

  useEffect(() => {
    // Keep the zoom the operator chose while live data arrives (resetScales only when not zoomed).
    const chart = plot.current;
    if (chart === null) return;
    const xs = props.data[0];
    const min = chart.scales.x?.min;
    const zoomed = props.zoom === true && min !== undefined && xs.length > 0 && min > (xs[0] ?? 0) + 1;
    chart.setData(props.data, !zoomed);
  }, [props.data]);

  return <div class="chart" ref={host} data-testid={props.testId} />;
}
