import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthorIssue } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import { flowFileSchema, type FlowFile } from './flow-schema.js';

export interface LoadedFlow {
  definition: FlowFile;
  file: YamlFile;
}

export interface LoadedFlows {
  flows: Map<string, LoadedFlow>;
  /** Changes whenever any flow changes; stored beside each session. */
  version: string;
}

/** Read and validate every flows/*.yaml (shape only; cross-checks are in check-flows.ts). */
export function loadFlows(root: string, dir = join(root, 'flows')): { loaded: LoadedFlows; issues: AuthorIssue[] } {
  const issues: AuthorIssue[] = [];
  const flows = new Map<string, LoadedFlow>();
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const read = YamlFile.read(join(dir, name), root);
    if ('issue' in read) {
      issues.push(read.issue);
      continue;
    }
    const parsed = read.file.parse(flowFileSchema, describePath);
    if ('issues' in parsed) {
      // The flow is left out, so "no flow called …" elsewhere would only follow from this.
      issues.push(...parsed.issues.map((issue) => ({ ...issue, blocks: true as const })));
      continue;
    }
    const id = parsed.value.flow;
    const existing = flows.get(id);
    if (existing) {
      issues.push({
        severity: 'error',
        file: read.file.path,
        line: read.file.lineOf(['flow']),
        message: `flow '${id}' is also defined in ${existing.file.path}`,
        fix: 'give each flow its own name',
      });
      continue;
    }
    flows.set(id, { definition: parsed.value, file: read.file });
    hash.update(JSON.stringify(parsed.value));
  }
  return { loaded: { flows, version: hash.digest('hex').slice(0, 12) }, issues };
}

/** Turn a zod path into words a comms officer recognises: "step 'q1', option 2, next". */
export function describePath(path: PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const prev = path[i - 1];
    if (prev === 'steps') parts.push(`step '${String(key)}'`);
    else if (prev === 'options' && typeof key === 'number') parts.push(`option ${key + 1}`);
    else if (prev === 'when' && typeof key === 'number') parts.push(`condition ${key + 1}`);
    else if (key !== 'steps' && key !== 'options' && key !== 'when') parts.push(String(key));
  }
  return parts.length ? parts.join(', ') : 'the file';
}
