import { randomUUID } from 'node:crypto';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** GOV.UK Design System colours, in the order a chart uses them for categories. */
export const CHART_COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#505a5f', '#0b0c0c'];
const FONT = 'GDS Transport, arial, sans-serif';
const TEXT = '#0b0c0c';

/** Big enough to read (GOV.UK body text is 16–19px); black on white; no interaction. */
const CONFIG = {
  font: FONT,
  background: '#ffffff',
  view: { stroke: null },
  axis: {
    labelFontSize: 16,
    titleFontSize: 16,
    labelColor: TEXT,
    titleColor: TEXT,
    domainColor: '#505a5f',
    tickColor: '#505a5f',
    gridColor: '#b1b4b6',
    labelLimit: 420,
  },
  legend: { labelFontSize: 16, titleFontSize: 16, labelColor: TEXT, titleColor: TEXT, labelLimit: 260 },
  title: { fontSize: 19, color: TEXT, anchor: 'start' as const },
  range: { category: CHART_COLOURS },
  mark: { color: CHART_COLOURS[0] },
  text: { fontSize: 16, color: TEXT },
  // The chart is one image with a text alternative (and a table beneath): no marks read out one by one.
  aria: false,
};

/** A spec of any kind (single view, layer, concat) with its data left out. */
export type SpecWithoutData = TopLevelSpec extends infer T
  ? T extends unknown
    ? Omit<T, 'data'>
    : never
  : never;

export interface ChartColumn {
  /** The field of each datum shown in this column. */
  field: string;
  title: string;
  numeric?: boolean;
}

export interface ChartInput {
  /** Short name of the chart, read out first. */
  title: string;
  /** What the chart shows, in a sentence or two (its text alternative). */
  description: string;
  /** A Vega-Lite spec without data: the rows come from `data`. */
  spec: SpecWithoutData;
  data: Record<string, unknown>[];
  /** The table beneath the chart, with the same figures. */
  columns: ChartColumn[];
  /** The table's rows, when they are not the chart's rows (a stacked chart drawn from long data). */
  tableData?: Record<string, unknown>[];
  /** Said instead of a chart when there is nothing to draw. */
  emptyText?: string;
}

export interface Chart {
  title: string;
  description: string;
  /** Markup of an <svg role="img"> with a <title> and <desc>, or '' when there is no data. */
  svg: string;
  empty: boolean;
  emptyText: string;
  table: { head: { text: string; numeric: boolean }[]; rows: { text: string; numeric: boolean }[][] };
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Draws a Vega-Lite chart on the server as SVG: an image with an accessible name and description,
 * no script, no inline styles (the CSP allows none), and scaling to its container. Vega's SVG
 * renderer needs no canvas. The figures are also returned as a table for beneath the chart.
 */
export async function renderChart(input: ChartInput): Promise<Chart> {
  const table = {
    head: input.columns.map((c) => ({ text: c.title, numeric: Boolean(c.numeric) })),
    rows: (input.tableData ?? input.data).map((d) =>
      input.columns.map((c) => ({
        text: d[c.field] === null || d[c.field] === undefined ? '' : String(d[c.field]),
        numeric: Boolean(c.numeric),
      })),
    ),
  };
  const base = {
    title: input.title,
    description: input.description,
    table,
    emptyText: input.emptyText ?? 'No figures to show yet.',
  };
  if (!input.data.length) return { ...base, svg: '', empty: true };

  const spec = { ...input.spec, data: { values: input.data } } as TopLevelSpec;
  const compiled = vl.compile(spec, { config: { ...CONFIG, ...(spec.config ?? {}) } as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const id = `chart-${randomUUID().slice(0, 8)}`;
  const open = /^<svg\b[^>]*>/.exec(svg)![0];
  const viewBox = /viewBox="([^"]+)"/.exec(open)?.[1] ?? '0 0 600 300';
  const [, , width, height] = viewBox.split(' ');
  const accessibleOpen =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="app-chart" width="${width}" height="${height}" viewBox="${viewBox}" ` +
    `role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">${escapeXml(input.title)}</title><desc id="${id}-desc">${escapeXml(input.description)}</desc>`;
  // The whole chart is one image: the roles Vega gives marks inside it would only confuse.
  const body = svg
    .slice(open.length)
    .replace(/\s(role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '');
  svg = accessibleOpen + body;
  // Belt and braces: Vega draws no script or handlers, and nothing here should ever carry one.
  svg = svg.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/\son\w+="[^"]*"/gi, '');
  return { ...base, svg, empty: false };
}
