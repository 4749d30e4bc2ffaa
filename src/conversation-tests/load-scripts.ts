import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthorIssue } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import { scriptSchema, type Script } from './script-schema.js';

export interface LoadedScript {
  file: string;
  script: Script;
  /** The line each turn starts on, for messages that point at it. */
  lines: number[];
}

/** Read every *.yaml conversation in a folder; a script with a mistake is reported, never run half-read. */
export function loadScripts(dir: string, root: string): { scripts: LoadedScript[]; issues: AuthorIssue[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { scripts: [], issues: [{ severity: 'error', file: dir, line: 1, message: 'there is no folder here', fix: 'give the folder that holds your conversation tests (*.yaml)' }] };
  }
  const scripts: LoadedScript[] = [];
  const issues: AuthorIssue[] = [];
  for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const read = YamlFile.read(join(dir, name), root);
    if ('issue' in read) {
      issues.push(read.issue);
      continue;
    }
    const parsed = read.file.parse(scriptSchema, (path) => (path[0] === 'turns' && typeof path[1] === 'number' ? `turn ${path[1] + 1}${path.length > 2 ? `, ${path.slice(2).join(' ')}` : ''}` : path.join(' ') || 'the file'));
    if ('issues' in parsed) {
      issues.push(...parsed.issues);
      continue;
    }
    scripts.push({ file: read.file.path, script: parsed.value, lines: parsed.value.turns.map((_, i) => read.file.lineOf(['turns', i])) });
  }
  return { scripts, issues };
}
