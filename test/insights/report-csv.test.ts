import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../../src/analytics/reports.js';
import { reportCsv } from '../../src/insights/report-csv.js';

const table = (rows: ReportTable['rows']): ReportTable => ({
  name: 'followup_outcomes',
  title: 'Outcomes',
  columns: [
    { key: 'follow_up', label: 'Follow-up', kind: 'text' },
    { key: 'people', label: 'People', kind: 'count' },
    { key: 'mean_change', label: 'Mean change, negative is better', kind: 'number' },
  ],
  rows,
});

describe('report tables as CSV', () => {
  it('escapes every text a spreadsheet would run as a formula, and keeps numbers (even negative ones) as numbers', () => {
    const csv = reportCsv(
      table([
        { follow_up: '=HYPERLINK("http://x","y")', people: 12, mean_change: -1.25 },
        { follow_up: '+1+2', people: '<10', mean_change: null },
        { follow_up: '-2+3', people: 30, mean_change: 0 },
        { follow_up: '@SUM(A1)', people: 11, mean_change: 2 },
        { follow_up: '\tcmd', people: 10, mean_change: 1 },
        { follow_up: 'checkin_2w', people: 40, mean_change: -0.5 },
      ]),
    );
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFFollow-up,People,"Mean change, negative is better"',
      `"'=HYPERLINK(""http://x"",""y"")",12,-1.25`,
      "'+1+2,<10,",
      "'-2+3,30,0",
      "'@SUM(A1),11,2",
      "'\tcmd,10,1",
      'checkin_2w,40,-0.5',
      '',
    ]);
  });

  it('is the header alone when nothing was recorded', () => {
    expect(reportCsv(table([]))).toBe('\uFEFFFollow-up,People,"Mean change, negative is better"\r\n');
  });
});
