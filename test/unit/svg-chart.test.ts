import { describe, expect, it } from 'vitest';
import { niceCeiling, svgChart, type ChartOptions } from '../../src/views/svg-chart.js';

function chart(overrides: Partial<ChartOptions> = {}): string {
  return svgChart({
    id: 'c',
    kind: 'line',
    title: 'Sent and reviewed per day',
    description: '12 sent and 3 reviewed',
    labels: ['Nov 1', 'Nov 2', 'Nov 3'],
    series: [
      { name: 'Sent', className: 'chart-a', values: [2, 10, 0] },
      { name: 'Reviewed', className: 'chart-b', values: [0, 3, 0] },
    ],
    ...overrides,
  }).toString();
}

/** The numbers of a polyline's points, as [x, y] pairs. */
function points(svg: string, className: string): number[][] {
  const match = new RegExp(`<polyline class="chart-line ${className}"[^>]*points="([^"]+)"`).exec(svg);
  if (!match?.[1]) throw new Error(`no line ${className}`);
  return match[1].split(' ').map((pair) => pair.split(',').map(Number));
}

describe('svgChart', () => {
  it('is an image for screen readers, with its title and description', () => {
    const svg = chart();
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Sent and reviewed per day"');
    expect(svg).toContain('aria-labelledby="c-title c-desc"');
    expect(svg).toContain('<title id="c-title">Sent and reviewed per day</title>');
    expect(svg).toContain('<desc id="c-desc">12 sent and 3 reviewed</desc>');
    expect(svg).not.toContain('style=');
    expect(svg).not.toContain('<script');
  });

  it('draws each series as a line whose heights follow the values', () => {
    const svg = chart();
    const sent = points(svg, 'chart-a');
    const reviewed = points(svg, 'chart-b');
    expect(sent).toHaveLength(3);
    // SVG's y grows downwards: the biggest value is highest, zero sits on the baseline.
    const [first, peak, zero] = sent.map((point) => point[1] ?? NaN);
    expect(peak).toBeLessThan(first ?? NaN);
    expect(first).toBeLessThan(zero ?? NaN);
    expect(reviewed[0]?.[1]).toBe(zero);
    // Days are evenly spaced, left to right.
    const xs = sent.map((point) => point[0] ?? NaN);
    expect((xs[1] ?? 0) - (xs[0] ?? 0)).toBeCloseTo((xs[2] ?? 0) - (xs[1] ?? 0), 5);
  });

  it('draws bars: one per value and series, as tall as their value', () => {
    const svg = chart({ kind: 'bar' });
    const bars = [
      ...svg.matchAll(/<rect class="(chart-[ab])" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g),
    ];
    // 3 days × 2 series, plus a legend swatch per series (width 10, height 10).
    expect(bars).toHaveLength(8);
    const heights = bars.filter((bar) => bar[3] !== '10').map((bar) => Number(bar[3]));
    expect(heights).toContain(0);
    const sentHeights = bars.filter((bar) => bar[1] === 'chart-a').map((bar) => Number(bar[3]));
    expect(sentHeights[1]).toBeCloseTo((sentHeights[0] ?? 0) * 5, 0);
  });

  it('escapes every text it is given', () => {
    const svg = chart({
      title: 'a "quoted" <title>',
      labels: ['<b>1</b>'],
      series: [{ name: '</text><script>alert(1)</script>', className: 'chart-a', values: [1] }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg).toContain('aria-label="a &quot;quoted&quot; &lt;title&gt;"');
  });

  it('labels the value axis with round counts, and draws a flat line for an empty period', () => {
    const svg = chart({ series: [{ name: 'Sent', className: 'chart-a', values: [0, 0, 0] }] });
    const ticks = [...svg.matchAll(/text-anchor="end">([^<]+)</g)].map((tick) => tick[1]);
    expect(ticks).toEqual(['0', '1', '2', '3', '4']);
    const ys = new Set(points(svg, 'chart-a').map((point) => point[1]));
    expect(ys.size).toBe(1);
    expect(svg).not.toContain('NaN');
  });

  it('ignores values that are not counts', () => {
    const svg = chart({
      series: [{ name: 'Sent', className: 'chart-a', values: [Number.NaN, -3, Infinity] }],
    });
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('Infinity');
  });

  it('puts at most about six day labels under a long period', () => {
    const labels = Array.from({ length: 90 }, (_, index) => `d${index}`);
    const svg = chart({
      labels,
      series: [{ name: 'Sent', className: 'chart-a', values: labels.map(() => 1) }],
    });
    const shown = [...svg.matchAll(/text-anchor="middle">(d\d+)</g)].map((label) => label[1]);
    expect(shown.length).toBeLessThanOrEqual(7);
    expect(shown[0]).toBe('d0');
    expect(shown.at(-1)).toBe('d89');
  });
});

describe('niceCeiling', () => {
  it('rounds the axis up to four round steps', () => {
    expect(niceCeiling(0)).toBe(4);
    expect(niceCeiling(3)).toBe(4);
    expect(niceCeiling(5)).toBe(8);
    expect(niceCeiling(37)).toBe(40);
    expect(niceCeiling(41)).toBe(80);
    expect(niceCeiling(900)).toBe(1000);
    expect(niceCeiling(1001)).toBe(2000);
  });
});
