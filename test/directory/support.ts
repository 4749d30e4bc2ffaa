import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildDirectory, type Directory } from '../../src/directory/directory.js';
import type { Translate } from '../../src/directory/format-activities.js';
import { importText } from '../../src/directory/import-directory.js';
import { loadKindMapping } from '../../src/directory/kind-mapping.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
export const fixture = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');
export const mapping = loadKindMapping('content/directory/kind-mapping.yaml');

/** Flattens content/en/activities.yaml the way the content loader does, and fills {placeholders}. */
export function loadActivityTranslator(): Translate {
  const flat = new Map<string, string>();
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'string') flat.set(path.join('.'), value);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(parse(readFileSync('content/en/activities.yaml', 'utf8')), []);
  return (key, params) => {
    const text = flat.get(key);
    if (text === undefined) throw new Error(`missing content key ${key}`);
    return text.replace(/\{([a-z_][a-z0-9_]*)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
  };
}

/** The Rotherham demo CSV, imported in memory (so tests don't depend on directory.json being current). */
export function loadDemoDirectory(): Directory {
  const result = importText(readFileSync('content/directory/rotherham-sample.csv', 'utf8'), { mapping });
  if (result.status !== 'done') throw new Error(result.reason);
  return buildDirectory({ entries: result.entries, generatedAt: new Date().toISOString(), source: 'demo' });
}

/** Wednesday 25 November 2026, 09:00 UK time. */
export const WEDNESDAY = () => new Date('2026-11-25T09:00:00Z');
