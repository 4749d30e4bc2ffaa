import type { ReportName, ReportTable } from './report-types.js';

/** The ECharts option for one table: plain JSON, so the page's script and the report CLI draw the same chart. */
export type ChartOption = Record<string, unknown>;

type ColumnKind = ReportTable['columns'][number]['kind'];

/** How each report is drawn: weeks as lines, a funnel and long category lists as horizontal bars. */
const CHART_SPECS: Record<ReportName, { kind: 'line' | 'bar' | 'hbar'; values: ColumnKind[] }> = {
  conversations_by_week: { kind: 'line', values: ['count'] },
  journey_funnel: { kind: 'hbar', values: ['count'] },
  checkin_bands: { kind: 'bar', values: ['count'] },
  life_events: { kind: 'hbar', values: ['count'] },
  activity_searches: { kind: 'hbar', values: ['share', 'count'] },
  followup_outcomes: { kind: 'bar', values: ['number', 'count'] },
  followups_delivery: { kind: 'bar', values: ['count'] },
};

/** Okabe and Ito's colours, told apart with every common kind of colour blindness; dark enough on white. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const SUPPRESSED = '<10';
const TEXT = '#1b1b1b';

export interface ChartWords {
  /** Shown across an empty chart. */
  noData: string;
}

type Cell = string | number | null | undefined;
type Point = number | null | { value: number; label: Record<string, unknown> };

/** A cell as a chart value: "<10" is drawn as a labelled zero, so a small group is visible but never counted. */
function point(value: Cell, kind: 'line' | 'bar' | 'hbar'): Point {
  if (value === SUPPRESSED) return kind === 'line' ? null : { value: 0, label: { show: true, formatter: SUPPRESSED, position: kind === 'hbar' ? 'right' : 'top', color: TEXT } };
  if (typeof value === 'number') return value;
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

const label = (value: Cell) => (value === null || value === undefined || value === '' ? '–' : String(value));

/**
 * The series of a table. The first text column gives the categories; a second text column splits them into one
 * series per value (a line per channel); without a text column, the value columns themselves are the
 * categories of the one row (sent, delivered, answered). Values come from the report's preferred kind of column.
 */
function seriesOf(table: ReportTable, kind: 'line' | 'bar' | 'hbar'): { categories: string[]; series: { name: string; data: Point[] }[] } {
  const texts = table.columns.filter((c) => c.kind === 'text');
  const preferred = CHART_SPECS[table.name].values.map((k) => table.columns.filter((c) => c.kind === k)).find((cols) => cols.length) ?? [];
  const [category, split] = texts;
  if (!category) {
    return { categories: preferred.map((c) => c.label), series: table.rows.map((row, i) => ({ name: String(i + 1), data: preferred.map((c) => point(row[c.key], kind)) })) };
  }
  const categories = [...new Set(table.rows.map((row) => label(row[category.key])))];
  if (split && preferred[0]) {
    const valueKey = preferred[0].key;
    const groups = [...new Set(table.rows.map((row) => label(row[split.key])))];
    return {
      categories,
      series: groups.map((group) => ({
        name: group,
        data: categories.map((c) => point(table.rows.find((row) => label(row[category.key]) === c && label(row[split.key]) === group)?.[valueKey], kind)),
      })),
    };
  }
  return { categories, series: preferred.map((col) => ({ name: col.label, data: table.rows.map((row) => point(row[col.key], kind)) })) };
}

/** The chart for a table; `titled` adds the title and note inside the image (the PNGs of the report CLI). */
export function chartOption(table: ReportTable, words: ChartWords, options: { titled?: boolean } = {}): ChartOption {
  const { kind } = CHART_SPECS[table.name];
  const { categories, series } = seriesOf(table, kind);
  const empty = table.rows.length === 0;
  const legend = series.length > 1;
  const categoryAxis = {
    type: 'category',
    data: categories,
    inverse: kind === 'hbar',
    axisLabel: { color: TEXT, fontSize: 12, width: 130, overflow: 'truncate', ...(kind === 'line' ? {} : { interval: 0 }), ...(kind === 'bar' && categories.length > 4 ? { rotate: 30 } : {}) },
  };
  const valueAxis = { type: 'value', minInterval: 1, axisLabel: { color: TEXT, fontSize: 12 } };
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'DejaVu Sans, system-ui, sans-serif', color: TEXT },
    ...(options.titled ? { title: { text: table.title, subtext: table.note ?? '', left: 'center', textStyle: { fontSize: 16, color: TEXT }, subtextStyle: { color: '#505a5f' } } } : {}),
    grid: { containLabel: true, left: 8, right: kind === 'hbar' ? 40 : 16, top: options.titled ? 64 : 16, bottom: legend ? 40 : 8 },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    ...(legend ? { legend: { type: 'scroll', bottom: 0, textStyle: { color: TEXT } } } : {}),
    xAxis: kind === 'hbar' ? valueAxis : categoryAxis,
    yAxis: kind === 'hbar' ? categoryAxis : valueAxis,
    series: series.map((s) => ({ name: s.name, type: kind === 'line' ? 'line' : 'bar', data: s.data, ...(kind === 'line' ? { connectNulls: false, symbolSize: 6 } : {}) })),
    ...(empty ? { graphic: [{ type: 'text', left: 'center', top: 'middle', style: { text: words.noData, fontSize: 15, fill: '#505a5f' } }] } : {}),
  };
}
