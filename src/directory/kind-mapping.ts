import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { KINDS, kindSchema, type Kind } from './model.js';

export const kindMappingFileSchema = z.strictObject({
  kinds: z.partialRecord(kindSchema, z.array(z.string().min(1))),
});

/** Normalised term → kinds it stands for (a term may mean two kinds, e.g. "carers' walking group"). */
export type KindMapping = ReadonlyMap<string, readonly Kind[]>;

export const DEFAULT_KIND_MAPPING_FILE = 'content/directory/kind-mapping.yaml';

export function loadKindMapping(path = DEFAULT_KIND_MAPPING_FILE): KindMapping {
  const file = kindMappingFileSchema.parse(parse(readFileSync(path, 'utf8')));
  return buildKindMapping(file);
}

export function buildKindMapping(file: z.infer<typeof kindMappingFileSchema>): KindMapping {
  const mapping = new Map<string, Kind[]>();
  const add = (term: string, kind: Kind) => {
    const key = normaliseTerm(term);
    const kinds = mapping.get(key) ?? [];
    if (!kinds.includes(kind)) kinds.push(kind);
    mapping.set(key, kinds);
  };
  // A kind's own id always maps to itself, so CSV authors can write ids directly.
  for (const kind of KINDS) add(kind, kind);
  for (const [kind, terms] of Object.entries(file.kinds) as [Kind, string[]][]) for (const t of terms) add(t, kind);
  return mapping;
}

/** Case, punctuation, "&" vs "and" and underscores don't matter when matching terms. */
export function normaliseTerm(term: string): string {
  return term
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function mapTermsToKinds(mapping: KindMapping, terms: readonly string[]): { kinds: Kind[]; unknown: string[] } {
  const kinds = new Set<Kind>();
  const unknown: string[] = [];
  for (const term of terms) {
    const mapped = mapping.get(normaliseTerm(term));
    if (mapped) for (const k of mapped) kinds.add(k);
    else unknown.push(term);
  }
  return { kinds: [...kinds], unknown };
}
