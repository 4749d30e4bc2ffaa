/** Below this many, a figure could point at someone: it is shown as "<10" and nothing is derived from it. */
export const SMALL_NUMBER = 10;
export const SUPPRESSED = '<10';

export type Cell = string | number | null;

/** How one column of a report is made from its query's row. */
export type ColumnRule =
  | { kind: 'text'; key: string }
  /** A count of people (or of what they did): suppressed under SMALL_NUMBER. */
  | { kind: 'count'; key: string }
  /** Worked out from counts (a share, a mean): left out when any count it uses is small. */
  | { kind: 'share' | 'number'; key: string; uses: readonly string[]; compute: (row: RawRow) => number | null };

export type RawRow = Record<string, string | number | null>;

/**
 * The one place small numbers are hidden, for every report, page, CSV and board paper alike. `people` (the
 * distinct people behind the row) suppresses the whole row when small, even if one of its counts is not.
 */
export function suppressRow(rules: readonly ColumnRule[], raw: RawRow, peopleKey?: string): Record<string, Cell> {
  const small = (value: unknown) => Number(value ?? 0) < SMALL_NUMBER;
  const fewPeople = peopleKey !== undefined && small(raw[peopleKey]);
  const row: Record<string, Cell> = {};
  for (const rule of rules) {
    if (rule.kind === 'text') row[rule.key] = raw[rule.key] === '' || raw[rule.key] === undefined ? null : raw[rule.key]!;
    else if (rule.kind === 'count') row[rule.key] = fewPeople || small(raw[rule.key]) ? SUPPRESSED : Number(raw[rule.key]);
    else row[rule.key] = fewPeople || rule.uses.some((key) => small(raw[key])) ? null : rule.compute(raw);
  }
  return row;
}
