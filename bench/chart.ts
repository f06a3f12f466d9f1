/**
 * The benchmark chart: full-build time and peak memory against the number of articles, as a
 * hand-written SVG (two panels, median with min–max whiskers, the issue's targets dashed).
 *
 *   npx tsx bench/chart.ts [bench/results.json] [docs/performance-chart.svg]
 */
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface ChartPoint {
  n: number;
  median: number;
  min: number;
  max: number;
}

export interface ChartSeries {
  title: string;
  unit: string;
  points: ChartPoint[];
  /** The target at the largest size, drawn as a dashed line. */
  target?: number;
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fixed = (value: number) => (Math.round(value * 10) / 10).toString();

/** A "nice" upper bound and step for an axis: 1, 2 or 5 times a power of ten. */
function niceScale(max: number, ticks = 5): { top: number; step: number } {
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw)!;
  return { top: Math.ceil(max / step) * step, step };
}

function panel(series: ChartSeries, x0: number, width: number, height: number): string {
  const margin = { left: 56, right: 16, top: 36, bottom: 44 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const maxN = Math.max(...series.points.map((point) => point.n));
  const xScale = niceScale(maxN, 5);
  const yScale = niceScale(Math.max(...series.points.map((point) => point.max), series.target ?? 0) * 1.05, 5);
  const x = (n: number) => x0 + margin.left + (n / xScale.top) * plotWidth;
  const y = (value: number) => margin.top + plotHeight - (value / yScale.top) * plotHeight;
  const parts: string[] = [];
  parts.push(`<text x="${x0 + margin.left}" y="20" class="title">${escape(series.title)} (${escape(series.unit)})</text>`);
  for (let value = 0; value <= yScale.top + 1e-9; value += yScale.step) {
    parts.push(`<line x1="${x(0)}" x2="${x(xScale.top)}" y1="${fixed(y(value))}" y2="${fixed(y(value))}" class="grid"/>`);
    parts.push(`<text x="${x(0) - 6}" y="${fixed(y(value) + 4)}" class="tick" text-anchor="end">${fixed(value)}</text>`);
  }
  for (let n = 0; n <= xScale.top + 1e-9; n += xScale.step) {
    parts.push(`<text x="${fixed(x(n))}" y="${margin.top + plotHeight + 16}" class="tick" text-anchor="middle">${n.toLocaleString("en-US")}</text>`);
  }
  parts.push(`<text x="${fixed(x(xScale.top / 2))}" y="${height - 8}" class="tick" text-anchor="middle">articles</text>`);
  parts.push(`<line x1="${x(0)}" x2="${x(xScale.top)}" y1="${y(0)}" y2="${y(0)}" class="axis"/>`);
  parts.push(`<line x1="${x(0)}" x2="${x(0)}" y1="${y(0)}" y2="${margin.top}" class="axis"/>`);
  if (series.target !== undefined) {
    parts.push(`<line x1="${x(0)}" x2="${x(xScale.top)}" y1="${fixed(y(series.target))}" y2="${fixed(y(series.target))}" class="target"/>`);
    parts.push(`<text x="${x(xScale.top) - 4}" y="${fixed(y(series.target) - 5)}" class="tick target-label" text-anchor="end">target ${fixed(series.target)}</text>`);
  }
  const sorted = [...series.points].sort((a, b) => a.n - b.n);
  parts.push(`<polyline points="${sorted.map((point) => `${fixed(x(point.n))},${fixed(y(point.median))}`).join(" ")}" class="line"/>`);
  for (const point of sorted) {
    parts.push(`<line x1="${fixed(x(point.n))}" x2="${fixed(x(point.n))}" y1="${fixed(y(point.min))}" y2="${fixed(y(point.max))}" class="whisker"/>`);
    parts.push(`<circle cx="${fixed(x(point.n))}" cy="${fixed(y(point.median))}" r="3.5" class="dot"/>`);
    parts.push(`<text x="${fixed(x(point.n) - 6)}" y="${fixed(y(point.median) - 8)}" class="value" text-anchor="end">${fixed(point.median)}</text>`);
  }
  return parts.join("\n");
}

/** Two panels side by side; same series in, same bytes out. */
export function renderChart(left: ChartSeries, right: ChartSeries, caption: string): string {
  const width = 360;
  const height = 280;
  const description = [left, right]
    .map((series) => `${series.title}: ${series.points.map((point) => `${point.n} articles ${fixed(point.median)} ${series.unit}`).join(", ")}`)
    .join(". ");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width * 2} ${height + 20}" width="${width * 2}" height="${height + 20}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${escape(caption)}</title>`,
    `<desc id="chart-desc">${escape(description)}</desc>`,
    "<style>",
    "text{font-family:system-ui,sans-serif;fill:#222}.title{font-size:13px;font-weight:600}.tick{font-size:11px;fill:#555}",
    ".value{font-size:11px}.grid{stroke:#e4e4e4}.axis{stroke:#888}.line{fill:none;stroke:#1f5fa8;stroke-width:2}",
    ".dot{fill:#1f5fa8}.whisker{stroke:#1f5fa8;stroke-width:1}.target{stroke:#b3261e;stroke-dasharray:5 4}.target-label{fill:#b3261e}",
    "</style>",
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel(left, 0, width, height),
    panel(right, width, width, height),
    `<text x="${width}" y="${height + 14}" class="tick" text-anchor="middle">${escape(caption)}</text>`,
    "</svg>",
    "",
  ].join("\n");
}

interface ResultsForChart {
  machine: { summary: string };
  sizes: { n: number; builds: { wallMs: number; maxRssMB: number; treeRssMB?: number }[] }[];
  targets: { buildSeconds: number; peakRssMB: number };
}

type Build = ResultsForChart["sizes"][number]["builds"][number];

function seriesOf(results: ResultsForChart, pick: (build: Build) => number): ChartPoint[] {
  return results.sizes.map((size) => {
    const values = size.builds.map(pick).sort((a, b) => a - b);
    return { n: size.n, median: values[Math.floor(values.length / 2)]!, min: values[0]!, max: values[values.length - 1]! };
  });
}

/** The chart for a bench/results.json. */
export function chartFromResults(results: ResultsForChart): string {
  return renderChart(
    { title: "Full production build", unit: "s", points: seriesOf(results, (build) => build.wallMs / 1000), target: results.targets.buildSeconds },
    {
      title: "Peak memory, build + Pagefind",
      unit: "MB RSS",
      points: seriesOf(results, (build) => build.treeRssMB ?? build.maxRssMB),
      target: results.targets.peakRssMB,
    },
    `Median of runs, whiskers min–max; targets at 10,000 dashed. ${results.machine.summary}`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const input = process.argv[2] ?? "bench/results.json";
  const output = process.argv[3] ?? "docs/performance-chart.svg";
  const results = JSON.parse(await fs.readFile(input, "utf8")) as ResultsForChart;
  await fs.mkdir(path.dirname(output), { recursive: true });
  await fs.writeFile(output, chartFromResults(results));
  console.log(`wrote ${output}`);
}
