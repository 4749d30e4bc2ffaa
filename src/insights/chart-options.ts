import type { ReportName, ReportTable } from '../analytics/reports.js';

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
function point(value: Cell, kind: 'line' | 'bar' | 'hbar', scale: number): Point {
  if (value === SUPPRESSED) return kind === 'line' ? null : { value: 0, label: { show: true, formatter: SUPPRESSED, position: kind === 'hbar' ? 'right' : 'top', color: TEXT } };
  if (typeof value === 'number') return round(value * scale);
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? round(parsed * scale) : null;
}

/** About how wide a character of the 12px note is, to wrap it into lines that fit the image. */
const AVERAGE_CHAR_PX = 7;

/** Break a text into lines of at most `max` characters at spaces (ECharts does not wrap a title's note). */
function wrapWords(text: string, max: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + 1 + word.length <= max) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

const round = (value: number) => Math.round(value * 100) / 100;
const label = (value: Cell) => (value === null || value === undefined || value === '' ? '–' : String(value));

/**
 * The series of a table. The first text column gives the categories; further text columns split them into one
 * series per combination (a line per channel, language and campaign); without a text column, the value columns
 * themselves are the categories of the one row. Values come from the report's preferred kind of column; shares
 * are drawn as percentages.
 */
function seriesOf(table: ReportTable, kind: 'line' | 'bar' | 'hbar'): { categories: string[]; series: { name: string; data: Point[] }[]; valueKind: ColumnKind; valueLabel: string } {
  const texts = table.columns.filter((c) => c.kind === 'text');
  const valueKind = CHART_SPECS[table.name].values.find((k) => table.columns.some((c) => c.kind === k)) ?? 'count';
  const values = table.columns.filter((c) => c.kind === valueKind);
  const scale = valueKind === 'share' ? 100 : 1;
  const valueLabel = values.length === 1 || texts.length > 1 ? (values[0]?.label ?? '') : '';
  const [category, ...splits] = texts;
  if (!category) {
    return { valueKind, valueLabel, categories: values.map((c) => c.label), series: table.rows.map((row, i) => ({ name: String(i + 1), data: values.map((c) => point(row[c.key], kind, scale)) })) };
  }
  const categories = [...new Set(table.rows.map((row) => label(row[category.key])))];
  if (splits.length && values[0]) {
    const valueKey = values[0].key;
    const groupOf = (row: ReportTable['rows'][number]) => splits.map((s) => label(row[s.key])).join(' · ');
    const groups = [...new Set(table.rows.map(groupOf))];
    return {
      valueKind,
      valueLabel,
      categories,
      series: groups.map((group) => ({
        name: group,
        data: categories.map((c) => point(table.rows.find((row) => label(row[category.key]) === c && groupOf(row) === group)?.[valueKey], kind, scale)),
      })),
    };
  }
  return { valueKind, valueLabel, categories, series: values.map((col) => ({ name: col.label, data: table.rows.map((row) => point(row[col.key], kind, scale)) })) };
}

/**
 * The chart for a table; `titled` adds the title and the note (wrapped to fit `width` pixels) inside the image,
 * for the PNGs of the report CLI.
 */
export function chartOption(table: ReportTable, words: ChartWords, options: { titled?: boolean; width?: number } = {}): ChartOption {
  const { kind } = CHART_SPECS[table.name];
  const { categories, series, valueKind, valueLabel } = seriesOf(table, kind);
  const empty = table.rows.length === 0;
  const legend = series.length > 1;
  const categoryAxis = {
    type: 'category',
    data: categories,
    inverse: kind === 'hbar',
    axisLabel: { color: TEXT, fontSize: 12, width: 130, overflow: 'truncate', ...(kind === 'line' ? {} : { interval: 0 }), ...(kind === 'bar' && categories.length > 4 ? { rotate: 30 } : {}) },
  };
  const valueAxis = {
    type: 'value',
    ...(valueKind === 'count' ? { minInterval: 1 } : {}),
    // Named after what it counts ("People", "Share with nothing nearby"): at the top, or under horizontal bars.
    name: valueLabel,
    nameLocation: kind === 'hbar' ? 'middle' : 'end',
    nameGap: kind === 'hbar' ? 28 : 12,
    nameTextStyle: { color: TEXT, fontSize: 12, align: kind === 'hbar' ? 'center' : 'left' },
    axisLabel: { color: TEXT, fontSize: 12, ...(valueKind === 'share' ? { formatter: '{value}%' } : {}) },
  };
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'DejaVu Sans, system-ui, sans-serif', color: TEXT },
    ...(options.titled ? { title: { text: table.title, subtext: wrapWords(table.note ?? '', Math.floor(((options.width ?? 1200) - 80) / AVERAGE_CHAR_PX)), left: 'center', textStyle: { fontSize: 16, color: TEXT }, subtextStyle: { color: '#505a5f', lineHeight: 16 } } } : {}),
    grid: { containLabel: true, left: 16, right: kind === 'hbar' ? 40 : 16, top: (options.titled ? 84 : 8) + (kind === 'hbar' ? 8 : 28), bottom: (legend ? 40 : 8) + (kind === 'hbar' ? 40 : 0) },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    ...(legend ? { legend: { type: 'scroll', bottom: 0, textStyle: { color: TEXT } } } : {}),
    xAxis: kind === 'hbar' ? valueAxis : categoryAxis,
    yAxis: kind === 'hbar' ? categoryAxis : valueAxis,
    series: series.map((s) => ({ name: s.name, type: kind === 'line' ? 'line' : 'bar', data: s.data, ...(kind === 'line' ? { connectNulls: false, symbolSize: 6 } : { barMaxWidth: 72 }) })),
    ...(empty ? { graphic: [{ type: 'text', left: 'center', top: 'middle', style: { text: words.noData, fontSize: 15, fill: '#505a5f' } }] } : {}),
  };
}
