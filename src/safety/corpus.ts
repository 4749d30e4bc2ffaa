import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { safetyCategorySchema, screenLanguageSchema, type SafetyCategory, type ScreenLanguage } from './categories.js';

/**
 * The labelled corpus (test/safety/corpus/*.tsv), one message a line:
 *   label<TAB>category<TAB>lang<TAB>text     risk|safe, a category or '-', en|pl, the message
 * The older 3-column form (label<TAB>category<TAB>text) is read too; its language is detected from the text.
 * Blank lines and lines starting with # are skipped.
 */
export type CorpusCase = { label: 'risk'; category: SafetyCategory } | { label: 'safe'; category: null };
export type LabelledMessage = CorpusCase & { lang: ScreenLanguage; text: string; source: string; line: number };

/** One clear line naming the file and line, for the command line (exit code 2) and for test failures. */
export class CorpusError extends Error {
  override name = 'CorpusError';
}

export function parseCorpus(tsv: string, source: string): LabelledMessage[] {
  const messages: LabelledMessage[] = [];
  tsv.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith('#')) return;
    messages.push(parseLine(raw.split('\t'), source, i + 1));
  });
  return messages;
}

function parseLine(fields: string[], source: string, line: number): LabelledMessage {
  const fail = (message: string) => new CorpusError(`${source}:${line}: ${message}`);
  const [label, category, ...rest] = fields.map((f) => f.trim());
  if (rest.length < 1) throw fail('expected label<TAB>category<TAB>lang<TAB>text (tab-separated)');
  const hasLang = rest.length >= 2 && screenLanguageSchema.safeParse(rest[0]).success;
  const text = (hasLang ? rest.slice(1) : rest).join(' ').trim();
  if (!text) throw fail('the message text is empty');
  const lang = hasLang ? screenLanguageSchema.parse(rest[0]) : guessLanguage(text);
  if (label === 'safe') {
    if (category !== '-') throw fail(`a safe line's category must be '-' (found '${category}')`);
    return { label, category: null, lang, text, source, line };
  }
  if (label !== 'risk') throw fail(`unknown label '${label}' (expected risk or safe)`);
  const parsed = safetyCategorySchema.safeParse(category);
  if (!parsed.success) throw fail(`unknown category '${category}' (expected one of: ${safetyCategorySchema.options.join(', ')})`);
  return { label, category: parsed.data, lang, text, source, line };
}

/** Old 3-column files only: Polish letters or a few unmistakable Polish words, else English. */
const POLISH = /[ąćęłńóśźż]|\b(nie|sie|się|mnie|jest|jestem|chce|juz|już|bardzo|moj|mój|moja|maz|mąż|dlaczego|zeby|żeby)\b/i;
function guessLanguage(text: string): ScreenLanguage {
  return POLISH.test(text) ? 'pl' : 'en';
}

export function formatCorpusLine(m: LabelledMessage): string {
  return [m.label, m.category ?? '-', m.lang, m.text.replace(/\s+/g, ' ')].join('\t');
}

/** Files named *-ordinary.tsv hold everyday messages that must never trigger: a test, never training data. */
export const isOrdinaryFile = (name: string) => /-ordinary\.tsv$/.test(name);

export function readCorpusFile(path: string): LabelledMessage[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CorpusError(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  return parseCorpus(text, path);
}

/** The corpus folder's files, sorted by name: `ordinary` picks the *-ordinary.tsv files, or all the others. */
export function readCorpus(dir: string, which: 'training' | 'ordinary'): LabelledMessage[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tsv') && isOrdinaryFile(f) === (which === 'ordinary'))
    .sort()
    .flatMap((f) => readCorpusFile(join(dir, f)));
}
