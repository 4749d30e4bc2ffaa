import type { ContentCatalog } from './load-content.js';

export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

const SETTING = 'settings.';
const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/g;

/**
 * Words for one locale. A key missing in the locale falls back to the default language and reports it
 * (once per key) through `onMissing`, so a half-translated locale still works.
 */
export function createTranslator(
  catalog: ContentCatalog,
  locale: string,
  onMissing: (key: string, locale: string) => void = () => {},
): Translate {
  const own = catalog.locales.get(locale)?.messages;
  const settings = settingsFor(catalog, locale);
  const fallback = catalog.locales.get(catalog.defaultLocale)?.messages;
  return (key, params) => {
    let entry = own?.get(key);
    if (!entry) {
      onMissing(key, locale);
      entry = fallback?.get(key);
    }
    if (!entry) return '';
    // Most texts have no placeholder: no need to scan them for one on every turn.
    return entry.text.includes('{') ? fillPlaceholders(entry.text, params, settings) : entry.text;
  };
}

export function fillPlaceholders(text: string, params: Params | undefined, settings: Params): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params?.[name] ?? settings[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The settings as one language sees them: a value the language's own content sets (content/<locale>/settings.yaml,
 * e.g. settings.sms_plain_letters), else its value in content/settings.yaml, else the default language's there.
 */
export function settingsFor(catalog: Pick<ContentCatalog, 'settings' | 'defaultLocale' | 'locales'>, locale: string): Params {
  const out: Params = {};
  for (const [name, value] of Object.entries(catalog.settings)) {
    if (typeof value !== 'object') out[name] = value;
    else {
      const chosen = value[locale] ?? value[catalog.defaultLocale];
      if (chosen !== undefined) out[name] = chosen;
    }
  }
  for (const [key, entry] of catalog.locales.get(locale)?.messages ?? []) if (key.startsWith(SETTING)) out[key.slice(SETTING.length)] = entry.text;
  return out;
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
