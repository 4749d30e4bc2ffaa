import type { FieldNote } from './clean-fields.js';
import type { ServiceOutcome } from './import-issue.js';

/** Examples shown under each reason; the rest are in `--report`. */
const EXAMPLES_PER_REASON = 3;

const SECTIONS: { outcome: FieldNote['outcome']; title: string }[] = [
  { outcome: 'fixed', title: 'Fixed (the service keeps the cleaned value)' },
  { outcome: 'dropped', title: 'Left out (the service is imported without that field)' },
  { outcome: 'info', title: 'Worth knowing' },
];

/**
 * A short summary an officer can act on: counts first, then each problem grouped by reason (with a count),
 * a few services named by name and id with the field, the value and the fix.
 */
export function summariseImport(outcomes: readonly ServiceOutcome[]): string[] {
  const imported = outcomes.filter((o) => o.status === 'imported');
  const skipped = outcomes.filter((o) => o.status === 'skipped');
  const lines: string[] = [];
  const by = (how: ServiceOutcome['classifiedBy']) => imported.filter((o) => o.classifiedBy === how).length;
  lines.push(`${imported.length} of ${outcomes.length} services imported, ${skipped.length} skipped.`);
  const kinds = [
    by('taxonomy') && `${by('taxonomy')} from taxonomy terms`,
    by('keywords') && `${by('keywords')} from words in their name or description`,
    by('general') && `${by('general')} fit no kind and are listed as general community support`,
  ].filter(Boolean);
  if (kinds.length) lines.push(`Kinds: ${kinds.join(', ')}.`);

  if (skipped.length) {
    lines.push('', 'Skipped:');
    const groups = groupBy(skipped.flatMap((o) => o.issues.map((issue) => ({ o, key: `${issue.field}: ${issue.reason}` }))), (x) => x.key);
    for (const [key, items] of groups) {
      lines.push(`  ${key} (${items.length})`);
      for (const { o } of items.slice(0, EXAMPLES_PER_REASON)) lines.push(`    ${nameOf(o)}`);
      if (items.length > EXAMPLES_PER_REASON) lines.push(`    ...and ${items.length - EXAMPLES_PER_REASON} more`);
    }
  }
  for (const section of SECTIONS) {
    const notes = outcomes.flatMap((o) => o.notes.filter((n) => n.outcome === section.outcome).map((n) => ({ o, n })));
    if (!notes.length) continue;
    lines.push('', `${section.title}:`);
    for (const [reason, items] of groupBy(notes, (x) => `${x.n.field}: ${x.n.reason}`)) {
      lines.push(`  ${reason} (${items.length})`);
      for (const { o, n } of items.slice(0, EXAMPLES_PER_REASON)) {
        lines.push(`    ${nameOf(o)}${n.value ? `: '${n.value}'` : ''}. Fix: ${n.fix}`);
      }
      if (items.length > EXAMPLES_PER_REASON) lines.push(`    ...and ${items.length - EXAMPLES_PER_REASON} more (see --report)`);
    }
  }
  return lines;
}

/** One row per service: what happened to it and every note, for a spreadsheet (`--report outcome.csv`). */
export function outcomesCsv(outcomes: readonly ServiceOutcome[]): string {
  const header = ['source', 'id', 'name', 'status', 'kinds', 'kinds_from', 'problems'];
  const rows = outcomes.map((o) => [
    o.at,
    o.id ?? '',
    o.name ?? '',
    o.status,
    o.kinds.join(';'),
    o.classifiedBy ?? '',
    [
      ...o.issues.map((i) => `${i.field}: ${i.reason}`),
      ...o.notes.map((n) => `${n.field}: ${n.reason}${n.value ? ` ('${n.value}')` : ''}. Fix: ${n.fix}`),
    ].join(' | '),
  ]);
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function nameOf(o: ServiceOutcome): string {
  const id = o.id ?? o.at.replace(/^record /, '');
  return o.name ? `${o.name} (${o.at.startsWith('row') ? o.at : id})` : o.at;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups].sort((a, b) => b[1].length - a[1].length);
}
