import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../../src/analytics/reports.js';
import { chartOption } from '../../src/insights/chart-options.js';

const WORDS = { noData: 'No figures for these dates' };
const funnel = (rows: ReportTable['rows']): ReportTable => ({
  name: 'journey_funnel',
  title: 'How far people got',
  columns: [
    { key: 'stage', label: 'Stage', kind: 'text' },
    { key: 'people', label: 'People', kind: 'count' },
    { key: 'share_of_start', label: 'Share of those who started', kind: 'share' },
  ],
  rows,
  note: 'Figures under 10 people are shown as <10.',
});

describe('the chart drawn for a table', () => {
  it('draws the counts as bars, a "<10" as a labelled empty bar and never as a number', () => {
    const option = chartOption(funnel([{ stage: 'start', people: 40, share_of_start: 1 }, { stage: 'talk', people: '<10', share_of_start: null }]), WORDS) as {
      yAxis: { data: string[] };
      series: { type: string; data: unknown[] }[];
    };
    expect(option.yAxis.data).toEqual(['start', 'talk']);
    expect(option.series).toHaveLength(1);
    expect(option.series[0]!.type).toBe('bar');
    expect(option.series[0]!.data[0]).toBe(40);
    expect(option.series[0]!.data[1]).toMatchObject({ value: 0, label: { show: true, formatter: '<10' } });
  });

  it('splits weekly conversations into one line per channel, language and campaign', () => {
    const option = chartOption(
      {
        name: 'conversations_by_week',
        title: 'New conversations by week',
        columns: [
          ...['week', 'channel', 'language', 'campaign'].map((key) => ({ key, label: key, kind: 'text' as const })),
          { key: 'conversations', label: 'Conversations', kind: 'count' as const },
        ],
        rows: [
          { week: '2027-01-04', channel: 'sms', language: 'en', campaign: null, conversations: 12 },
          { week: '2027-01-11', channel: 'sms', language: 'en', campaign: null, conversations: 15 },
          { week: '2027-01-11', channel: 'whatsapp', language: 'pl', campaign: 'law26', conversations: 11 },
        ],
      },
      WORDS,
    ) as { xAxis: { data: string[] }; series: { name: string; type: string; data: unknown[] }[] };
    expect(option.xAxis.data).toEqual(['2027-01-04', '2027-01-11']);
    expect(option.series.map((s) => [s.name, s.type, s.data])).toEqual([
      ['sms · en · –', 'line', [12, 15]],
      ['whatsapp · pl · law26', 'line', [null, 11]],
    ]);
  });

  it('says so across an empty chart, and puts the title and note inside a titled one (the report PNGs)', () => {
    const option = chartOption(funnel([]), WORDS, { titled: true }) as { title: { text: string; subtext: string }; graphic: { style: { text: string } }[] };
    expect(option.graphic[0]!.style.text).toBe('No figures for these dates');
    expect(option.title).toMatchObject({ text: 'How far people got', subtext: 'Figures under 10 people are shown as <10.' });
  });
});
