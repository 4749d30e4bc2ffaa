import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { formatIssue, suggest, type AuthorIssue } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import { safetyCategorySchema, screenLanguageSchema, type SafetyCategory, type ScreenLanguage } from './categories.js';
import { loadClassifierModel, type ClassifierModel } from './classifier-model.js';
import { compileConcepts, compilePattern, conceptsPattern, PatternError, type CompiledPattern, type ConceptTable } from './compile-pattern.js';
import { builtCompiledLexicon } from './compiled-lexicon-cache.js';
import { conceptFileSchema, languageSettingsSchema, ruleFileSchema, type LanguageSettings, type RuleFile } from './lexicon-schema.js';

const DEFAULT_DIR = fileURLToPath(new URL('./', import.meta.url));
const LEVELS = ['clear', 'check', 'exclude'] as const;

export interface LanguageLexicon {
  lang: ScreenLanguage;
  settings: LanguageSettings;
  /** Every concept of the language, from all its concept files. */
  concepts: Record<string, string[]>;
  rules: Record<SafetyCategory, RuleFile>;
  /** The concepts and each rule's pattern (and the signal and framing patterns) as compiled when the lexicon was checked, so the screen compiles none again. */
  table: ConceptTable;
  patterns: ReadonlyMap<string, CompiledPattern>;
}

/** Everything the screen runs on: each language's concepts and rules, and the trained classifier. */
export interface SafetyLexicon {
  languages: LanguageLexicon[];
  model: ClassifierModel;
}

export class SafetyLexiconError extends Error {
  constructor(readonly issues: AuthorIssue[]) {
    super(`the safety screen's files have ${issues.length} problem(s):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'SafetyLexiconError';
  }
}

/**
 * Read and check the concept and rule files and the classifier once, at start. Throws with every problem, each
 * naming its file, line and entry. Layout under `dir`: concepts/<lang>/language.yaml and concepts/<lang>/*.yaml,
 * rules/<lang>/<category>.yaml, model/classifier.json.
 */
export function loadSafetyLexicon(dir: string = DEFAULT_DIR): SafetyLexicon {
  const issues: AuthorIssue[] = [];
  const languages = readLanguages(dir, issues);
  let model: ClassifierModel | undefined;
  try {
    model = loadClassifierModel(join(dir, 'model', 'classifier.json'));
  } catch (error) {
    issues.push({ severity: 'error', file: join(dir, 'model', 'classifier.json'), line: 1, message: error instanceof Error ? error.message : String(error), fix: 'run npm run safety:train' });
  }
  if (issues.length || !model) throw new SafetyLexiconError(issues);
  return { languages: languages as LanguageLexicon[], model };
}

/** Only the concepts and rules (what training needs before there is a model). */
export function loadScreenLanguages(dir: string = DEFAULT_DIR): LanguageLexicon[] {
  const issues: AuthorIssue[] = [];
  const languages = readLanguages(dir, issues);
  if (issues.length) throw new SafetyLexiconError(issues);
  return languages as LanguageLexicon[];
}

function readLanguages(dir: string, issues: AuthorIssue[]): (LanguageLexicon | undefined)[] {
  return screenLanguageSchema.options.map((lang) => loadLanguage(dir, lang, issues));
}

function loadLanguage(dir: string, lang: ScreenLanguage, issues: AuthorIssue[]): LanguageLexicon | undefined {
  const conceptDir = join(dir, 'concepts', lang);
  const settings = readFile(join(conceptDir, 'language.yaml'), languageSettingsSchema, issues);
  const concepts: Record<string, string[]> = {};
  const origin = new Map<string, { file: YamlFile; name: string }>();
  const conceptFiles = existsSync(conceptDir) ? readdirSync(conceptDir).filter((f) => f.endsWith('.yaml') && f !== 'language.yaml').sort() : [];
  for (const name of conceptFiles) {
    const read = readYaml(join(conceptDir, name), conceptFileSchema, issues);
    if (!read) continue;
    for (const [concept, wordings] of Object.entries(read.value)) {
      if (concepts[concept]) issues.push({ severity: 'error', file: read.file.path, line: read.file.lineOf([concept]), message: `concept '${concept}' is already defined in ${origin.get(concept)!.file.path}` });
      concepts[concept] = wordings;
      origin.set(concept, { file: read.file, name: concept });
    }
  }
  // Compiled at build when these are the concepts shipped (compiled-lexicon-cache.ts); else compiled here.
  const built = builtCompiledLexicon().lookup(concepts);
  let compiled: ConceptTable = new Map();
  try {
    if (!built) compiled = compileConcepts(concepts);
  } catch (error) {
    if (!(error instanceof PatternError)) throw error;
    const name = /^@([a-z0-9_]+)/.exec(error.message)?.[1] ?? '';
    const at = origin.get(name);
    issues.push({ severity: 'error', file: at?.file.path ?? conceptDir, line: at ? at.file.lineOf([name]) : 1, message: error.message });
  }
  // The build's table is read only if a pattern it did not see needs compiling (built.table reads it when asked).
  const table = (): ConceptTable => built?.table ?? compiled;
  const rules: Partial<Record<SafetyCategory, RuleFile>> = {};
  const patterns = new Map<string, CompiledPattern>();
  for (const category of safetyCategorySchema.options) {
    const read = readYaml(join(dir, 'rules', lang, `${category}.yaml`), ruleFileSchema, issues);
    if (!read) continue;
    rules[category] = read.value;
    for (const level of LEVELS) {
      read.value[level].forEach((rule, i) => {
        try {
          for (const pattern of [rule.match, rule.unless ?? rule.match, rule.not_after ?? rule.match]) if (!patterns.has(pattern)) patterns.set(pattern, built?.patterns.get(pattern) ?? compilePattern(pattern, table()));
        } catch (error) {
          if (!(error instanceof PatternError)) throw error;
          const unknown = /unknown concept '@(\w+)'/.exec(error.message)?.[1];
          const hint = unknown ? suggest(unknown, Object.keys(concepts)) : undefined;
          issues.push({ severity: 'error', file: read.file.path, line: read.file.lineOf([level, i, 'match']), message: `${level}[${i}] "${rule.match}": ${error.message}`, ...(hint ? { fix: `did you mean '@${hint}'?` } : {}) });
        }
        if (rule.not_after && level === 'exclude') issues.push({ severity: 'error', file: read.file.path, line: read.file.lineOf([level, i, 'not_after']), message: `${level}[${i}]: an exclude rule cannot have 'not_after'` });
      });
    }
  }
  for (const key of ['signal', 'framing', 'clause_breaks'] as const) {
    settings?.[key].forEach((name, i) => {
      if (!concepts[name]) issues.push({ severity: 'error', file: join(conceptDir, 'language.yaml'), line: 1, message: `${key}[${i}]: unknown concept '${name}'` });
    });
  }
  if (!settings) return undefined;
  // The screen's own patterns (rule-matcher.ts), compiled here with the rules' so that the build compiles them too.
  const known = (names: string[]) => names.every((name) => concepts[name]);
  const own = [...settings.signal.filter((name) => concepts[name]).map((name) => conceptsPattern([name])), ...[settings.framing, settings.clause_breaks].filter((names) => names.length && known(names)).map(conceptsPattern)];
  try {
    for (const pattern of own) if (!patterns.has(pattern)) patterns.set(pattern, built?.patterns.get(pattern) ?? compilePattern(pattern, table()));
  } catch (error) {
    // A concept that did not compile is reported above, with its file and line.
    if (!(error instanceof PatternError)) throw error;
  }
  return {
    lang,
    settings,
    concepts,
    rules: rules as Record<SafetyCategory, RuleFile>,
    get table() {
      return table();
    },
    patterns,
  };
}

function readFile<T>(path: string, schema: z.ZodType<T>, issues: AuthorIssue[]): T | undefined {
  return readYaml(path, schema, issues)?.value;
}

function readYaml<T>(path: string, schema: z.ZodType<T>, issues: AuthorIssue[]): { file: YamlFile; value: T } | undefined {
  if (!existsSync(path)) {
    issues.push({ severity: 'error', file: path, line: 1, message: 'this file is missing' });
    return undefined;
  }
  const read = YamlFile.read(path, process.cwd());
  if ('issue' in read) {
    issues.push(read.issue);
    return undefined;
  }
  const parsed = read.file.parse(schema, describePath);
  if ('issues' in parsed) {
    issues.push(...parsed.issues);
    return undefined;
  }
  return { file: read.file, value: parsed.value };
}

/** ['clear', 3, 'match'] → "clear[3].match". */
function describePath(path: PropertyKey[]): string {
  if (!path.length) return 'file';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
}
