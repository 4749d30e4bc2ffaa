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
  const fallback = catalog.locales.get(catalog.defaultLocale)?.messages;
  // A language may word a setting its own way (content/<locale>/settings.yaml: settings.council_name).
  const settings = { ...catalog.settings };
  for (const [key, entry] of own ?? []) if (key.startsWith(SETTING)) settings[key.slice(SETTING.length)] = entry.text;
  return (key, params) => {
    let entry = own?.get(key);
    if (!entry) {
      onMissing(key, locale);
      entry = fallback?.get(key);
    }
    if (!entry) return '';
    return fillPlaceholders(entry.text, params, settings);
  };
}

export function fillPlaceholders(text: string, params: Params | undefined, settings: Params): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params?.[name] ?? settings[name];
    return value === undefined ? whole : String(value);
  });
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
