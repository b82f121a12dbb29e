import { html, type SafeHtml } from './html.js';

/** One line (or one bar of each group) of a chart: its name in the legend, a CSS class for its colour. */
export interface ChartSeries {
  name: string;
  /** `chart-a`, `chart-b`…: classes of assets/dashboard.css that colour the series. */
  className: string;
  values: readonly number[];
}

export interface ChartOptions {
  kind: 'line' | 'bar';
  /** Read by screen readers and shown as a tooltip (`<title>`). */
  title: string;
  /** A sentence of what the chart shows, with its totals (`<desc>`). */
  description: string;
  /** One label per value (the days), already in the reader's language. */
  labels: readonly string[];
  series: readonly ChartSeries[];
  /** An id prefix unique on the page: `<title>` and `<desc>` are referred to by id. */
  id: string;
  width?: number;
  height?: number;
}

const PAD = { top: 16, right: 12, bottom: 40, left: 44 };
const GRID_LINES = 4;
const X_LABELS = 6;

/**
 * A line or grouped-bar chart of daily counts as an SVG element, drawn on the server: no script, no inline
 * style (colours come from classes), readable by screen readers through role="img", its aria-label and
 * its `<title>` and `<desc>`. Every text in it passes through the escaping `html` tag.
 */
export function svgChart(options: ChartOptions): SafeHtml {
  const width = options.width ?? 720;
  const height = options.height ?? 240;
  const plotWidth = width - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  const count = Math.max(options.labels.length, ...options.series.map((series) => series.values.length), 1);
  const top = niceCeiling(Math.max(0, ...options.series.flatMap((series) => series.values.map(finite))));
  const y = (value: number) => round(PAD.top + plotHeight - (finite(value) / top) * plotHeight);
  const step = plotWidth / count;
  const centre = (index: number) => round(PAD.left + step * (index + 0.5));

  const grid = Array.from({ length: GRID_LINES + 1 }, (_, index) => {
    const value = (top / GRID_LINES) * index;
    const at = y(value);
    return html`<line class="chart-grid" x1="${PAD.left}" x2="${width - PAD.right}" y1="${at}" y2="${at}" />
      <text class="chart-axis" x="${PAD.left - 6}" y="${at + 4}" text-anchor="end">${formatTick(value)}</text>`;
  });

  const every = Math.max(1, Math.ceil(count / X_LABELS));
  const xLabels = options.labels.map((label, index) =>
    index % every === 0 || index === count - 1
      ? html`<text class="chart-axis" x="${centre(index)}" y="${height - PAD.bottom + 16}" text-anchor="middle">${label}</text>`
      : '',
  );

  const marks =
    options.kind === 'bar'
      ? bars(options.series, step, centre, y, PAD.top + plotHeight)
      : lines(options.series, centre, y);

  const legend = options.series.map(
    (series, index) => html`<g class="chart-legend">
      <rect class="${series.className}" x="${PAD.left + index * 140}" y="${height - 14}" width="10" height="10" />
      <text class="chart-axis" x="${PAD.left + index * 140 + 14}" y="${height - 5}">${series.name}</text>
    </g>`,
  );

  return html`<svg
    class="chart"
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 ${width} ${height}"
    width="100%"
    role="img"
    aria-label="${options.title}"
    aria-labelledby="${options.id}-title ${options.id}-desc"
  >
    <title id="${options.id}-title">${options.title}</title>
    <desc id="${options.id}-desc">${options.description}</desc>
    <g aria-hidden="true">
      ${grid}
      <line class="chart-baseline" x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(0)}" y2="${y(0)}" />
      ${marks} ${xLabels} ${legend}
    </g>
  </svg>`;
}

function lines(
  series: readonly ChartSeries[],
  centre: (index: number) => number,
  y: (value: number) => number,
): SafeHtml[] {
  return series.map((one) => {
    const points = one.values.map((value, index) => `${centre(index)},${y(value)}`).join(' ');
    const dots =
      one.values.length <= 31
        ? one.values.map(
            (value, index) =>
              html`<circle class="${one.className}" cx="${centre(index)}" cy="${y(value)}" r="2.5" />`,
          )
        : '';
    return html`<polyline class="chart-line ${one.className}" fill="none" stroke-width="2" points="${points}" />${dots}`;
  });
}

function bars(
  series: readonly ChartSeries[],
  step: number,
  centre: (index: number) => number,
  y: (value: number) => number,
  base: number,
): SafeHtml[] {
  const groupWidth = step * 0.8;
  const barWidth = groupWidth / Math.max(series.length, 1);
  return series.flatMap((one, seriesIndex) =>
    one.values.map((value, index) => {
      const top = y(value);
      const x = round(centre(index) - groupWidth / 2 + seriesIndex * barWidth);
      return html`<rect class="${one.className}" x="${x}" y="${top}" width="${round(Math.max(barWidth - 1, 1))}" height="${round(base - top)}" />`;
    }),
  );
}

/**
 * The top of the value axis: `GRID_LINES` steps of a round size (1, 2, 2.5 or 5 × 10ⁿ; whole numbers
 * below 10), at or above `value`, so every grid line falls on a round count.
 */
export function niceCeiling(value: number): number {
  const wanted = Math.max(value, 0) / GRID_LINES;
  if (!(wanted > 1)) return GRID_LINES;
  const power = 10 ** Math.floor(Math.log10(wanted));
  for (const factor of power >= 10 ? [1, 2, 2.5, 5, 10] : [1, 2, 5, 10]) {
    if (factor * power >= wanted) return factor * power * GRID_LINES;
  }
  return 10 * power * GRID_LINES;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function finite(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
