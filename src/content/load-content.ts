import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AuthorIssue } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import {
  helplinesFileSchema,
  metaSchema,
  settingsFileSchema,
  tipsFileSchema,
  type Helpline,
  type SettingValue,
  type Tip,
} from './content-schema.js';

export interface MessageEntry {
  text: string;
  file: string;
  line: number;
  reviewed: boolean;
}

export interface LocaleContent {
  locale: string;
  messages: Map<string, MessageEntry>;
}

export interface ContentCatalog {
  root: string;
  defaultLocale: string;
  locales: Map<string, LocaleContent>;
  tips: Tip[];
  helplines: Helpline[];
  /** Shared settings; a value may differ by language (see settingsFor). */
  settings: Record<string, SettingValue>;
  /** Where each setting is written, for checks that point at it. */
  settingLines: Map<string, number>;
}

/** Files in a locale folder that are data for other modules, not messages. */
const NON_MESSAGE_FILES = new Set(['intents.yaml']);
/** A folder is a language when it has a language.yaml (its name, and the words that switch to it). */
const LOCALE_MARKER = 'language.yaml';

/** Read every content file once, at start. Returns all problems rather than stopping at the first. */
export function loadContent(root: string, defaultLocale = 'en'): { catalog: ContentCatalog; issues: AuthorIssue[] } {
  const dir = join(root, 'content');
  const issues: AuthorIssue[] = [];
  const locales = new Map<string, LocaleContent>();

  for (const name of readdirSync(dir).sort()) {
    if (!statSync(join(dir, name)).isDirectory() || !existsSync(join(dir, name, LOCALE_MARKER))) continue;
    const locale: LocaleContent = { locale: name, messages: new Map() };
    for (const file of yamlFiles(join(dir, name))) {
      if (NON_MESSAGE_FILES.has(file)) continue;
      addMessages(locale, join(dir, name, file), root, issues);
    }
    const safety = join(dir, 'safety', `${name}.yaml`);
    if (existsSync(safety)) addMessages(locale, safety, root, issues);
    locales.set(name, locale);
  }
  if (!locales.has(defaultLocale)) {
    issues.push({
      severity: 'error',
      file: 'content',
      line: 1,
      message: `there is no folder for the default language '${defaultLocale}'`,
      fix: `create content/${defaultLocale}/ or set DEFAULT_LOCALE to one of: ${[...locales.keys()].join(', ')}`,
    });
  }

  const tips = readShared(join(dir, 'tips.yaml'), root, tipsFileSchema, issues)?.value.tips ?? [];
  const helplines = readShared(join(dir, 'helplines.yaml'), root, helplinesFileSchema, issues)?.value.helplines ?? [];
  const settingsFile = readShared(join(dir, 'settings.yaml'), root, settingsFileSchema, issues);
  const settings = settingsFile?.value.settings ?? {};
  const settingLines = new Map(Object.keys(settings).map((name) => [name, settingsFile?.file.lineOf(['settings', name]) ?? 1]));
  return { catalog: { root, defaultLocale, locales, tips, helplines, settings, settingLines }, issues };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
}

function addMessages(locale: LocaleContent, path: string, root: string, issues: AuthorIssue[]): void {
  const read = YamlFile.read(path, root);
  if ('issue' in read) {
    issues.push(read.issue);
    return;
  }
  const { file } = read;
  if (!isRecord(file.data)) {
    issues.push({ severity: 'error', file: file.path, line: 1, message: 'a content file is a list of names and texts ("hello: Hi there"), not a single text or a list', fix: 'start each line with a name and ": "', blocks: true });
    return;
  }
  const meta = metaSchema.safeParse(file.data._meta ?? {});
  const reviewed = meta.success ? meta.data.reviewed : true;
  if (!meta.success) {
    issues.push({ severity: 'error', file: file.path, line: file.lineOf(['_meta']), message: '_meta only takes reviewed: true or false' });
  }
  const walk = (value: unknown, path: string[]): void => {
    if (typeof value === 'string') {
      const key = path.join('.');
      const existing = locale.messages.get(key);
      if (existing) {
        issues.push({
          severity: 'error',
          file: file.path,
          line: file.lineOf(path),
          message: `'${key}' is already written in ${existing.file}:${existing.line}`,
          fix: 'keep one of them',
        });
      }
      // Only the newline a `|` block adds is dropped: a join such as ", " keeps its spaces.
      locale.messages.set(key, { text: value.replace(/\n+$/, ''), file: file.path, line: file.lineOf(path), reviewed });
    } else if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    } else {
      issues.push({
        severity: 'error',
        file: file.path,
        line: file.lineOf(path),
        message: `'${path.join('.')}' ${describeNonText(value)}`,
        fix: Array.isArray(value) ? 'write it as one text; for several lines start the text with "|" on the line of its name' : 'write the text after the name, in double quotes if it contains # or : or starts with a symbol',
        blocks: true,
      });
    }
  };
  for (const [key, value] of Object.entries(file.data)) if (key !== '_meta') walk(value, [key]);
}

function readShared<T>(path: string, root: string, schema: z.ZodType<T>, issues: AuthorIssue[]): { value: T; file: YamlFile } | undefined {
  if (!existsSync(path)) return undefined;
  const read = YamlFile.read(path, root);
  if ('issue' in read) {
    issues.push(read.issue);
    return undefined;
  }
  const parsed = read.file.parse(schema, (p) => (p.length ? p.join(' > ') : 'file'));
  if ('issues' in parsed) {
    issues.push(...parsed.issues.map((issue) => ({ ...issue, blocks: true as const })));
    return undefined;
  }
  return { value: parsed.value, file: read.file };
}

function describeNonText(value: unknown): string {
  if (Array.isArray(value)) return 'is a list (lines starting with "-"), but it should be one text';
  if (value === null) return 'has no text (a # starts a comment, so a text containing # needs quotes)';
  return `should be a text, not the ${typeof value} ${String(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
