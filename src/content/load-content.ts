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
  settings: Record<string, string | number>;
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

  const tips = readShared(join(dir, 'tips.yaml'), root, tipsFileSchema, issues)?.tips ?? [];
  const helplines = readShared(join(dir, 'helplines.yaml'), root, helplinesFileSchema, issues)?.helplines ?? [];
  const settings = readShared(join(dir, 'settings.yaml'), root, settingsFileSchema, issues)?.settings ?? {};
  return { catalog: { root, defaultLocale, locales, tips, helplines, settings }, issues };
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
    issues.push({ severity: 'error', file: file.path, line: 1, message: 'a content file is a list of keys and texts' });
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
        message: `'${path.join('.')}' should be a text (put it in quotes) or a group of keys`,
      });
    }
  };
  for (const [key, value] of Object.entries(file.data)) if (key !== '_meta') walk(value, [key]);
}

function readShared<T>(path: string, root: string, schema: z.ZodType<T>, issues: AuthorIssue[]): T | undefined {
  if (!existsSync(path)) return undefined;
  const read = YamlFile.read(path, root);
  if ('issue' in read) {
    issues.push(read.issue);
    return undefined;
  }
  const parsed = read.file.parse(schema, (p) => (p.length ? p.join(' > ') : 'file'));
  if ('issues' in parsed) {
    issues.push(...parsed.issues);
    return undefined;
  }
  return parsed.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
