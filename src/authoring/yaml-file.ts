import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { AuthorIssue } from './author-issue.js';

/** A parsed YAML file that can say which line any path in it is on. */
export class YamlFile {
  private constructor(
    readonly path: string,
    readonly data: unknown,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  static read(absolutePath: string, root: string): { file: YamlFile } | { issue: AuthorIssue } {
    const path = relative(root, absolutePath) || absolutePath;
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(absolutePath, 'utf8'), { lineCounter: lines, prettyErrors: true });
    const [error] = doc.errors;
    if (error) {
      const line = error.linePos?.[0].line ?? 1;
      return {
        issue: {
          severity: 'error',
          file: path,
          line,
          message: `this is not valid YAML (${error.code.toLowerCase().replace(/_/g, ' ')})`,
          fix: 'check the indentation and that text containing ": " or starting with a symbol is in quotes',
        },
      };
    }
    return { file: new YamlFile(path, doc.toJS(), doc, lines) };
  }

  /** The line of the deepest node that exists along `path` (so a missing key points at its parent). */
  lineOf(path: ReadonlyArray<PropertyKey>): number {
    let node: unknown = this.doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        offset = (node as Node | undefined)?.range?.[0] ?? offset;
      } else break;
    }
    return this.lines.linePos(offset).line;
  }

  /** Validate against a zod schema; every issue becomes an author issue with its line. */
  parse<T>(schema: z.ZodType<T>, describe: (path: PropertyKey[]) => string): { value: T } | { issues: AuthorIssue[] } {
    const result = schema.safeParse(this.data);
    if (result.success) return { value: result.data };
    return {
      issues: result.error.issues.map((issue) => ({
        severity: 'error' as const,
        file: this.path,
        // Point at the misspelt key itself rather than the step that holds it.
        line: this.lineOf(issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path),
        message: `${describe(issue.path)}: ${plainZodMessage(issue)}`,
      })),
    };
  }
}

function plainZodMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field ${issue.keys.map((k) => `'${k}'`).join(', ')} (check the spelling)`;
    case 'invalid_union': {
      const expected = /Expected (.+)$/.exec(issue.message)?.[1];
      if (expected) return `must be one of ${expected.split(' | ').join(', ')}`;
      return 'this value is not one of the allowed forms';
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined ? `'${String(issue.path.at(-1) ?? 'value')}' is required` : `should be ${issue.expected}`;
    default:
      return issue.message;
  }
}
