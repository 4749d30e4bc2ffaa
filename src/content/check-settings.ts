import type { AuthorIssue } from '../authoring/author-issue.js';
import type { ContentCatalog } from './load-content.js';
import { placeholdersIn } from './translate.js';

const FILE = 'content/settings.yaml';

/**
 * A setting given per language (`council_name: { en: …, pl: … }`) needs the default language, and should
 * have every language whose texts use it: otherwise those texts borrow the default language's words.
 */
export function checkSettings(catalog: ContentCatalog): AuthorIssue[] {
  const issues: AuthorIssue[] = [];
  for (const [name, value] of Object.entries(catalog.settings)) {
    if (typeof value !== 'object') continue;
    const line = catalog.settingLines.get(name) ?? 1;
    for (const locale of Object.keys(value).filter((l) => !catalog.locales.has(l))) {
      issues.push({ severity: 'error', file: FILE, line, message: `'${name}' has a value for '${locale}', but there is no content/${locale}/ folder`, fix: `use one of: ${[...catalog.locales.keys()].join(', ')}` });
    }
    if (value[catalog.defaultLocale] === undefined) {
      issues.push({ severity: 'error', file: FILE, line, message: `'${name}' has no value for the default language '${catalog.defaultLocale}'`, fix: `add "${catalog.defaultLocale}: …" under '${name}'` });
    }
    for (const [locale, content] of catalog.locales) {
      // A language's own content/<locale>/settings.yaml may word it instead.
      if (value[locale] !== undefined || content.messages.has(`settings.${name}`)) continue;
      const user = [...content.messages.values()].find((m) => placeholdersIn(m.text).includes(name));
      if (!user) continue;
      issues.push({ severity: 'warning', file: FILE, line, message: `'${name}' has no '${locale}' value, so ${locale} texts (such as ${user.file}:${user.line}) show the ${catalog.defaultLocale} one`, fix: `add "${locale}: …" under '${name}'` });
    }
  }
  return issues;
}
