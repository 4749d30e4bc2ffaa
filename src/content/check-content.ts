import type { AuthorIssue } from '../authoring/author-issue.js';
import { CHECKIN_BANDS, LIFE_EVENTS } from './content-schema.js';
import type { ContentCatalog } from './load-content.js';
import { checkPlaceholders } from './check-placeholders.js';
import { checkSettings } from './check-settings.js';

/** Three GSM-7 SMS segments: beyond this a message is a wall of text on a phone. */
const LONG_MESSAGE = 459;
const MIN_TIPS_PER_EVENT = 2;
/** Words for council staff's pages (the analysts' figures), in the default language only: never translated. */
const STAFF_ONLY = ['insights.', 'reports.'];

export interface ContentReport {
  issues: AuthorIssue[];
  /** Per locale: files not yet reviewed by a native speaker. */
  unreviewed: Map<string, string[]>;
  /** Per locale: keys that fall back to the default language. */
  missing: Map<string, string[]>;
}

/** Rules beyond the schemas: translations line up, every tip and line has words, messages stay short. */
export function checkContent(catalog: ContentCatalog, required: readonly string[] = [], savedAnswers: ReadonlySet<string> = new Set()): ContentReport {
  const issues: AuthorIssue[] = [...checkPlaceholders(catalog, savedAnswers), ...checkSettings(catalog)];
  const unreviewed = new Map<string, string[]>();
  const missing = new Map<string, string[]>();
  const base = catalog.locales.get(catalog.defaultLocale)?.messages ?? new Map();

  const requireText = (key: string, what: string) => {
    if (!base.has(key)) {
      issues.push({ severity: 'error', file: `content/${catalog.defaultLocale}`, line: 1, message: `${what} has no words: '${key}' is missing`, fix: `add '${key}' to a file in content/${catalog.defaultLocale}/` });
    }
  };
  for (const key of required) requireText(key, 'the bot');
  for (const tip of catalog.tips) requireText(`tips.${tip.id}`, `tip '${tip.id}'`);
  for (const line of catalog.helplines) {
    requireText(`helplines.${line.id}`, `helpline '${line.id}'`);
    if (!line.open_24_7) requireText(`helpline_hours.${line.id}`, `helpline '${line.id}' (not open 24/7, so its hours)`);
  }
  for (const event of LIFE_EVENTS) requireText(`events.ack.${event}`, `life event '${event}'`);
  for (const event of LIFE_EVENTS.filter((e) => e !== 'something_else' && e !== 'rather_not_say')) {
    // Per check-in band too: whoever answered however, the event gets tips of its own.
    for (const band of CHECKIN_BANDS) {
      const count = catalog.tips.filter((tip) => tip.events.includes(event) && (tip.bands.length === 0 || tip.bands.includes(band))).length;
      if (count < MIN_TIPS_PER_EVENT) {
        issues.push({ severity: 'error', file: 'content/tips.yaml', line: 1, message: `only ${count} tip(s) for '${event}' in band '${band}'`, fix: `add at least ${MIN_TIPS_PER_EVENT} tips with events: [${event}] that suit band ${band}` });
      }
    }
  }
  for (const line of catalog.helplines.filter((l) => !l.verified)) {
    issues.push({ severity: 'warning', file: 'content/helplines.yaml', line: 1, message: `'${line.id}' is not offered until its number is verified (${line.source})`, fix: 'check the number on the provider\'s own page, then set verified: true' });
  }

  for (const [locale, content] of catalog.locales) {
    const files = new Set<string>();
    for (const [key, entry] of content.messages) {
      if (!entry.reviewed) files.add(entry.file);
      if (entry.text.length > LONG_MESSAGE) {
        issues.push({ severity: 'warning', file: entry.file, line: entry.line, message: `'${key}' is ${entry.text.length} characters, more than 3 SMS`, fix: 'shorten it or split it' });
      }
      const original = base.get(key);
      if (locale === catalog.defaultLocale) continue;
      // A language's own settings (settings.council_name) stand in for the shared ones in content/settings.yaml.
      if (key.startsWith('settings.')) continue;
      if (!original) {
        issues.push({ severity: 'warning', file: entry.file, line: entry.line, message: `'${key}' is not in ${catalog.defaultLocale}, so it is never used`, fix: 'check the key is spelt as in the English file' });
        continue;
      }
    }
    if (files.size) unreviewed.set(locale, [...files].sort());
    if (locale !== catalog.defaultLocale) {
      const gaps = [...base.keys()].filter((key) => !content.messages.has(key) && !STAFF_ONLY.some((prefix) => key.startsWith(prefix)));
      if (gaps.length) missing.set(locale, gaps);
    }
  }
  return { issues, unreviewed, missing };
}
