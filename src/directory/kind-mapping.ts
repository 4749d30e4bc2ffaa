import { z } from 'zod';
import { AuthorIssuesError } from '../authoring/author-issue.js';
import { YamlFile } from '../authoring/yaml-file.js';
import { INTENT_SETS } from '../nlu/intent-sets.js';
import { audienceSchema, KINDS, kindSchema, type Audience, type Kind } from './model.js';

const phrases = z.array(z.string().min(1));
export const kindMappingFileSchema = z.strictObject({
  kinds: z.partialRecord(kindSchema, phrases),
  keywords: z.partialRecord(kindSchema, phrases).default({}),
  exclude: z.partialRecord(kindSchema, phrases.nullish()).default({}),
  audiences: z.partialRecord(audienceSchema, phrases).default({}),
  /** Interests a resident names that are a group of people, not a kind of activity: the audiences they mean. */
  interests: z.partialRecord(z.enum(INTENT_SETS.interest), z.array(audienceSchema).min(1)).default({}),
});
export type KindMappingFile = z.input<typeof kindMappingFileSchema>;

/** The editable mapping (content/directory/kind-mapping.yaml), compiled once per import. */
export interface KindMapping {
  /** Normalised taxonomy term → kinds it stands for (a term may mean two kinds). */
  terms: ReadonlyMap<string, readonly Kind[]>;
  keywords: PhraseMatcher<Kind>;
  exclude: ReadonlyMap<Kind, PhraseMatcher<true>>;
  audiences: readonly { audience: Audience; labels: ReadonlySet<string> }[];
  audienceWords: PhraseMatcher<Audience>;
  /** Interest id (content/<locale>/intents.yaml) → the groups a listing must be for to fit it. */
  interestGroups: ReadonlyMap<string, readonly Audience[]>;
}

/** What a service says about itself, for classification. */
export interface ServiceWords {
  name: string;
  /** Plain text; only its opening is read, where a service says what it is. */
  description: string;
  /** Taxonomy terms, each with every label it carries (name, code, id). */
  terms: readonly (readonly string[])[];
  /** e.g. ORUK 1.0 `pc_targetAudience[].audienceType`. */
  targetAudiences: readonly string[];
}

export interface Classification {
  kinds: Kind[];
  audiences: Audience[];
  /** How the kinds were found: the feed's taxonomy, words in the text, or neither (general). */
  by: 'taxonomy' | 'keywords' | 'general';
  /** Taxonomy terms that map to nothing. */
  unknownTerms: string[];
}

export const DEFAULT_KIND_MAPPING_FILE = 'content/directory/kind-mapping.yaml';
/** How much of a description is read for keywords: its opening says what the service is; later text wanders. */
const DESCRIPTION_OPENING = 240;
const MAX_TARGETED_AUDIENCES = 4;

export function loadKindMapping(path = DEFAULT_KIND_MAPPING_FILE): KindMapping {
  const read = YamlFile.read(path, process.cwd());
  if ('issue' in read) throw new AuthorIssuesError([read.issue]);
  const parsed = read.file.parse(kindMappingFileSchema, (p) => (p.length ? p.join(' > ') : 'file'));
  if ('issues' in parsed) throw new AuthorIssuesError(parsed.issues);
  return buildKindMapping(parsed.value);
}

export function buildKindMapping(input: KindMappingFile): KindMapping {
  const file = kindMappingFileSchema.parse(input);
  const terms = new Map<string, Kind[]>();
  const add = (term: string, kind: Kind) => {
    const key = normaliseTerm(term);
    const kinds = terms.get(key) ?? [];
    if (!kinds.includes(kind)) kinds.push(kind);
    terms.set(key, kinds);
  };
  // A kind's own id always maps to itself, so CSV authors can write ids directly.
  for (const kind of KINDS) add(kind, kind);
  for (const [kind, list] of Object.entries(file.kinds) as [Kind, string[]][]) for (const t of list) add(t, kind);

  const keywords = new PhraseMatcher<Kind>((Object.entries(file.keywords) as [Kind, string[]][]).flatMap(([kind, list]) => list.map((p) => [p, kind] as const)));
  const exclude = new Map<Kind, PhraseMatcher<true>>();
  for (const [kind, list] of Object.entries(file.exclude) as [Kind, string[] | null][]) {
    if (list?.length) exclude.set(kind, new PhraseMatcher(list.map((p) => [p, true] as const)));
  }
  const audienceEntries = Object.entries(file.audiences) as [Audience, string[]][];
  const audiences = audienceEntries.map(([audience, list]) => ({ audience, labels: new Set(list.map(normaliseTerm)) }));
  const audienceWords = new PhraseMatcher<Audience>(audienceEntries.flatMap(([audience, list]) => list.map((p) => [p, audience] as const)));
  const interestGroups = new Map(Object.entries(file.interests) as [string, Audience[]][]);
  return { terms, keywords, exclude, audiences, audienceWords, interestGroups };
}

/** Case, punctuation, "&" vs "and" and underscores don't matter when matching terms. */
export function normaliseTerm(term: string): string {
  return term
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9*]+/g, ' ')
    .trim();
}

/**
 * Finds phrases ("lunch club", "walk*") among the words of normalised text. Phrases are indexed by the first three
 * letters of their first word, so each word of the text is checked against a handful of phrases, not all of them.
 */
export class PhraseMatcher<T> {
  readonly #byStart = new Map<string, { words: string[]; value: T }[]>();

  constructor(phrases: Iterable<readonly [string, T]>) {
    for (const [phrase, value] of phrases) {
      const words = normaliseTerm(phrase).split(' ').filter(Boolean);
      if (!words.length) continue;
      const key = words[0]!.replace(/\*$/, '').slice(0, 3);
      this.#byStart.set(key, [...(this.#byStart.get(key) ?? []), { words, value }]);
    }
  }

  /** Every value whose phrase occurs in `words` (normalised text split on spaces). */
  match(words: readonly string[]): Set<T> {
    const found = new Set<T>();
    for (let i = 0; i < words.length; i++) {
      const candidates = this.#byStart.get(words[i]!.slice(0, 3));
      if (!candidates) continue;
      for (const { words: phrase, value } of candidates) {
        if (!found.has(value) && phrase.every((w, k) => wordMatches(w, words[i + k]))) found.add(value);
      }
    }
    return found;
  }
}

function wordMatches(pattern: string, word: string | undefined): boolean {
  if (word === undefined) return false;
  return pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern;
}

export function mapTermsToKinds(mapping: KindMapping, terms: readonly string[]): { kinds: Kind[]; unknown: string[] } {
  const kinds = new Set<Kind>();
  const unknown: string[] = [];
  for (const term of terms) {
    const mapped = mapping.terms.get(normaliseTerm(term));
    if (mapped) for (const k of mapped) kinds.add(k);
    else unknown.push(term);
  }
  return { kinds: [...kinds], unknown };
}

/**
 * Kinds from the taxonomy when any term maps; otherwise from words in the name and the description's opening.
 * Audiences from the target-audience labels and the same words. Nothing fits: `general`.
 */
export function classifyService(mapping: KindMapping, words: ServiceWords): Classification {
  const kinds = new Set<Kind>();
  const unknownTerms: string[] = [];
  for (const aliases of words.terms) {
    const mapped = mapTermsToKinds(mapping, aliases).kinds;
    mapped.forEach((k) => kinds.add(k));
    if (mapped.length === 0 && aliases[0]) unknownTerms.push(aliases[0]);
  }
  const text = normaliseTerm(`${words.name} . ${words.description.slice(0, DESCRIPTION_OPENING)}`).split(' ');
  let by: Classification['by'] = 'taxonomy';
  if (kinds.size === 0) {
    by = 'keywords';
    for (const kind of mapping.keywords.match(text)) kinds.add(kind);
  }
  // The whole description is read only when a matched kind has exclusions (rare), as normalising it costs.
  let whole: string[] | undefined;
  for (const kind of kinds) {
    const exclude = mapping.exclude.get(kind);
    if (exclude?.match((whole ??= normaliseTerm(`${words.name} . ${words.description}`).split(' '))).size) kinds.delete(kind);
  }
  if (kinds.size === 0) {
    by = 'general';
    kinds.add('general');
  }
  // A service naming many audiences is open to everyone, not aimed at each of them.
  const labels = words.targetAudiences.length > MAX_TARGETED_AUDIENCES ? [] : words.targetAudiences.map(normaliseTerm);
  const fromWords = mapping.audienceWords.match(text);
  const audiences = mapping.audiences.filter(({ audience, labels: known }) => fromWords.has(audience) || labels.some((l) => known.has(l))).map((a) => a.audience);
  return { kinds: [...kinds], audiences, by, unknownTerms };
}
