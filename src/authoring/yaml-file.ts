import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import type { LineCounter, Node } from 'yaml';
import type { z } from 'zod';
import { didYouMean, type AuthorIssue } from './author-issue.js';
import { explainYamlError } from './explain-yaml-error.js';
import { builtYamlParseCache } from './yaml-parse-cache.js';
import { fieldNamesOf } from './zod-field-names.js';

/** Far more than any flow or content file needs; a bigger file is almost certainly the wrong file. */
export const MAX_YAML_BYTES = 1024 * 1024;

/**
 * The line of a node, and of each key (a map) or item (a list) under it: what `lineOf` walks. A plain number is
 * a node with nothing under it. Plain data, so a file parsed at build can be stored and read back as JSON.
 */
export type LineTree = number | { line: number; keys: Record<string, LineTree> } | { line: number; items: LineTree[] };

/** A file's data and the lines of its keys and items: all that is kept of a parse. */
export interface ParsedYaml {
  data: unknown;
  lines: LineTree;
}

type Problem = { line: number; message: string; fix: string };

// The yaml library is loaded only when a file must be parsed: the compiled build finds the files it ships
// already parsed (yaml-parse-cache.ts), so a start usually needs no parser at all.
const require = createRequire(import.meta.url);
let yaml: typeof import('yaml') | undefined;

/** Parse a file's bytes as every loader of comms-team files does, or say what is wrong, in an author's words. */
export function parseYamlBytes(raw: Buffer): { parsed: ParsedYaml } | { problem: Problem } {
  if ((raw[0] === 0xff && raw[1] === 0xfe) || (raw[0] === 0xfe && raw[1] === 0xff)) {
    return { problem: { line: 1, message: 'this file is saved as UTF-16 (as some Windows programs do)', fix: 'save it again as UTF-8 (in Notepad: Save as, Encoding: UTF-8)' } };
  }
  // A byte-order mark (some Windows editors add one) and Windows line endings are fine: drop the mark.
  const source = raw.toString('utf8').replace(/^\uFEFF/, '');
  yaml ??= require('yaml') as typeof import('yaml');
  const lines = new yaml.LineCounter();
  const doc = yaml.parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  // One error per file: the parser's later errors nearly always follow from its first.
  const [error] = doc.errors;
  if (error) return { problem: explainYamlError(source, error) };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch {
    // An unquoted text starting with * is read as a reference to something else (a YAML "alias").
    const line = source.split(/\r?\n/).findIndex((l) => /:\s+\*/.test(l) || /^\s*-\s+\*/.test(l)) + 1;
    return { problem: { line: line || 1, message: "a text starting with '*' needs quotes", fix: 'put the whole text in double quotes: "*bold* words"' } };
  }
  if (data === null || data === undefined) return { problem: { line: 1, message: 'this file is empty', fix: 'add texts or steps to it, or delete the file' } };
  const root = doc.contents as Node | null;
  return { parsed: { data, lines: lineTreeOf(root, lines.linePos(root?.range?.[0] ?? 0).line, lines) } };
}

/** Each key's line is where the key starts, each list item's where the item starts (as a person reads the file). */
function lineTreeOf(node: unknown, line: number, counter: LineCounter): LineTree {
  const { isMap, isScalar, isSeq } = yaml!;
  const lineAt = (offset: number | undefined, fallback: number) => (offset === undefined ? fallback : counter.linePos(offset).line);
  if (isMap(node)) {
    const keys: Record<string, LineTree> = {};
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      // The first of two equal keys is the one found, as a search from the top would.
      if (!Object.hasOwn(keys, key)) keys[key] = lineTreeOf(pair.value, lineAt(pair.key.range?.[0], line), counter);
    }
    return { line, keys };
  }
  if (isSeq(node)) return { line, items: node.items.map((item) => lineTreeOf(item, lineAt((item as Node | null)?.range?.[0], line), counter)) };
  return line;
}

/** A parsed YAML file that can say which line any path in it is on. */
export class YamlFile {
  private constructor(
    readonly path: string,
    readonly data: unknown,
    private readonly lines: LineTree,
  ) {}

  static read(absolutePath: string, root: string): { file: YamlFile } | { issue: AuthorIssue } {
    const path = relative(root, absolutePath) || absolutePath;
    const problem = ({ line, message, fix }: Problem): { issue: AuthorIssue } => ({
      issue: { severity: 'error', file: path, line, message, fix, blocks: true },
    });
    let raw: Buffer;
    try {
      const bytes = statSync(absolutePath).size;
      if (bytes > MAX_YAML_BYTES) {
        return problem({ line: 1, message: `this file is ${(bytes / 1024 / 1024).toFixed(1)} MB, too big for texts or steps (the limit is 1 MB)`, fix: 'check it is the right file, or split it into several smaller files' });
      }
      raw = readFileSync(absolutePath);
    } catch (error) {
      return problem({ line: 1, message: `this file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`, fix: 'check it is a file and that it may be read' });
    }
    // A file changed since the build (a comms edit) is not in the cache, and is parsed here.
    const cached = builtYamlParseCache().lookup(raw);
    const read = cached ? { parsed: cached } : parseYamlBytes(raw);
    if ('problem' in read) return problem(read.problem);
    return { file: new YamlFile(path, read.parsed.data, read.parsed.lines) };
  }

  /** The line of the deepest node that exists along `path` (so a missing key points at its parent). */
  lineOf(path: ReadonlyArray<PropertyKey>): number {
    let node = this.lines;
    for (const key of path) {
      if (typeof node === 'number') break;
      if ('keys' in node && Object.hasOwn(node.keys, String(key))) node = node.keys[String(key)]!;
      else if ('items' in node && typeof key === 'number' && key < node.items.length) node = node.items[key]!;
      else break;
    }
    return typeof node === 'number' ? node : node.line;
  }

  /** Validate against a zod schema; every issue becomes an author issue with its line. */
  parse<T>(schema: z.ZodType<T>, describe: (path: PropertyKey[]) => string): { value: T } | { issues: AuthorIssue[] } {
    const result = schema.safeParse(this.data);
    if (result.success) return { value: result.data };
    return {
      issues: result.error.issues.map((issue) => {
        const fix = this.suggestFix(issue, schema);
        return {
          severity: 'error' as const,
          file: this.path,
          // Point at the misspelt key itself rather than the step that holds it.
          line: this.lineOf(issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path),
          message: `${describe(issue.path)}: ${plainZodMessage(issue, this.valueAt(issue.path))}`,
          ...(fix ? { fix } : {}),
        };
      }),
    };
  }

  private valueAt(path: ReadonlyArray<PropertyKey>): unknown {
    let value: unknown = this.data;
    for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    return value;
  }

  /** "did you mean …?" for a misspelt field name or a misspelt choice such as a step type. */
  private suggestFix(issue: z.core.$ZodIssue, schema: z.ZodType): string | undefined {
    if (issue.code === 'unrecognized_keys') return didYouMean(issue.keys[0]!, fieldNamesOf(schema), '') || undefined;
    const value = this.valueAt(issue.path);
    const allowed = issue.code === 'invalid_value' ? issue.values.map(String) : issue.code === 'invalid_union' ? unionChoices(issue) : [];
    return typeof value === 'string' && allowed.length ? didYouMean(value, allowed, '') || undefined : undefined;
  }
}

function unionChoices(issue: z.core.$ZodIssue): string[] {
  const expected = /Expected (.+)$/.exec(issue.message)?.[1];
  return expected ? expected.split(' | ').map((v) => v.replace(/^"|"$/g, '').replace(/^'|'$/g, '')) : [];
}

function plainZodMessage(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field ${issue.keys.map((k) => `'${k}'`).join(', ')} (check the spelling)`;
    case 'invalid_union': {
      const choices = unionChoices(issue);
      return choices.length ? `must be one of ${choices.map((c) => `'${c}'`).join(', ')}` : 'this value is not one of the allowed forms';
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}`;
    case 'invalid_type':
      if (value === undefined) return `'${String(issue.path.at(-1) ?? 'value')}' is required`;
      if (Array.isArray(value)) return `should be one ${issue.expected === 'string' ? 'text' : issue.expected}, not a list (lines starting with "-")`;
      if (value === null) return `is empty (a # starts a comment, so a text containing # needs quotes)`;
      return `should be ${issue.expected === 'string' ? 'a text' : issue.expected === 'object' ? 'a group of names and values' : issue.expected}`;
    default:
      return issue.message;
  }
}
