/**
 * Placeholders the code fills in itself, by the start of the text's key: the activity list and details
 * (src/directory/format-activities.ts, src/activities/place-parser.ts) and the national lines
 * (src/conversation/shows.ts), and the campaign texts (src/conversation/turn/stages/enter-campaign.ts,
 * src/campaigns/poster-plan.ts), and the callback replies (src/callbacks/callback-stage.ts,
 * src/callbacks/first-name-parser.ts), and the analysts' reports (src/analytics/reports.ts, report-query.ts) and their pages (src/insights/). Every other text can use the settings and the answers the flows save.
 */
export const CODE_PLACEHOLDERS: ReadonlyArray<readonly [prefix: string, names: readonly string[]]> = [
  [
    'activities.',
    ['address', 'area', 'contact', 'cost', 'date', 'days', 'description', 'distance', 'end', 'frequency', 'from', 'last', 'max', 'min', 'miles', 'n', 'name', 'notes', 'place', 'start', 'to', 'towns', 'when', 'where'],
  ],
  ['helplines.', ['name', 'contact']],
  ['campaign.switch_question', ['campaign']],
  ['campaign.poster.text_line', ['keyword', 'number']],
  ['callback.name_invalid', ['max']],
  ['callback.confirmed_', ['thanks', 'when']],
  ['callback.already_open', ['date']],
  ['reports.', ['from', 'to', 'small', 'shown', 'years', 'campaign', 'campaigns']],
  ['insights.sign_in.locked', ['minutes']],
  ['insights.other_role.body', ['email']],
  ['insights.reports.intro', ['from', 'to']],
  ['insights.reports.chart_label', ['title']],
  ['insights.reports.download', ['title']],
  ['insights.errors.unknown_report', ['reports']],
];

export function codePlaceholdersFor(key: string): readonly string[] {
  return CODE_PLACEHOLDERS.filter(([prefix]) => key.startsWith(prefix)).flatMap(([, names]) => names);
}
