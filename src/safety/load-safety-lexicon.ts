import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { formatIssue, type AuthorIssue } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import { compilePattern, PatternError } from './compile-pattern.js';
import {
  categoryLexiconSchema,
  commonLexiconSchema,
  safetyCategorySchema,
  type CategoryLexicon,
  type SafetyLexicon,
} from './safety-lexicon.js';

const DEFAULT_DIR = fileURLToPath(new URL('./lexicon/', import.meta.url));
const PATTERN_LISTS = ['clear', 'check', 'exclude'] as const;

export class SafetyLexiconError extends Error {
  constructor(readonly issues: AuthorIssue[]) {
    super(`the safety lexicon has ${issues.length} problem(s):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'SafetyLexiconError';
  }
}

/** Read and check the lexicon files once, at start. Throws with every problem, each naming its file, line and entry. */
export function loadSafetyLexicon(dir: string = DEFAULT_DIR): SafetyLexicon {
  const issues: AuthorIssue[] = [];
  const common = readFile(join(dir, 'common.yaml'), commonLexiconSchema, issues);
  const categories: Partial<Record<string, CategoryLexicon>> = {};
  for (const category of safetyCategorySchema.options) {
    categories[category] = readFile(join(dir, `${category}.yaml`), categoryLexiconSchema, issues, checkPatterns);
  }
  if (issues.length || !common) throw new SafetyLexiconError(issues);
  return { common, categories: categories as SafetyLexicon['categories'] };
}

function readFile<T>(path: string, schema: z.ZodType<T>, issues: AuthorIssue[], check?: (file: YamlFile, value: T) => AuthorIssue[]): T | undefined {
  if (!existsSync(path)) {
    issues.push({ severity: 'error', file: path, line: 1, message: 'this lexicon file is missing' });
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
  issues.push(...(check?.(read.file, parsed.value) ?? []));
  return parsed.value;
}

function checkPatterns(file: YamlFile, lexicon: CategoryLexicon): AuthorIssue[] {
  const issues: AuthorIssue[] = [];
  for (const list of PATTERN_LISTS) {
    lexicon[list].forEach((pattern, i) => {
      try {
        compilePattern(pattern);
      } catch (error) {
        if (!(error instanceof PatternError)) throw error;
        issues.push({ severity: 'error', file: file.path, line: file.lineOf([list, i]), message: `${list}[${i}] "${pattern}": ${error.message}` });
      }
    });
  }
  return issues;
}

/** ['clear', 3] → "clear[3]", ['negation', 'words'] → "negation.words". */
function describePath(path: PropertyKey[]): string {
  if (!path.length) return 'file';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
}
