import { CLAUSE_MARK, normaliseText } from '../nlu/normalise-text.js';

/**
 * Lexicon patterns (format documented at the top of each lexicon file):
 *   word     the whole word                    kill*   any word starting "kill"
 *   *        any one word                      ...     up to four words (or none)
 *   (a|b c)  one of the alternatives           [a|b]   optional: one of them, or nothing
 *   #        a number of 10 or more ("took 30")   ^ / $   the start / end of the message or of a sentence
 *   @name    any wording of a named concept    ~N      up to N words (or none), N from 1 to 12, in one sentence
 *                                              ~~N     the same, across sentence and clause breaks
 * A pattern becomes a regex over normalised text that starts and ends with a space (" i want to die "), each word
 * preceded by its space, so matches always fall on whole words ("skill myself" never matches "kill* myself").
 */
export type Node =
  | { kind: 'word'; text: string; prefix: boolean }
  | { kind: 'any' }
  | { kind: 'gap'; max: number; acrossSentences?: boolean }
  | { kind: 'number' }
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'choice'; alternatives: Node[][]; optional: boolean };

export class PatternError extends Error {}

const TOKEN = /\s*(\.\.\.|~~?[1-9][0-9]?|@[a-z_0-9]+|[()[\]|^$#]|[^\s()[\]|^$#]+)/y;
const GAP_WORDS = 4;
const MAX_GAP = 12;
const WORD = `[^ ${CLAUSE_MARK}]`;

export interface CompiledPattern {
  /** Regex source; match against ` ${normalisedText} `. */
  source: string;
  /** The literal words, for spelling correction towards them. */
  words: string[];
  /**
   * Every match contains, for each of these, one of its words (or a word starting with one of its prefixes): a
   * pattern whose required words are not all in a message cannot match it, and its regex is not run. Rarest first
   * (see rarity): the first is the one most messages lack.
   */
  requires: Anchor[];
  /**
   * The words a match always starts with (the match starts at the space before one), or null when the pattern may
   * start otherwise (with an optional part, a wildcard or a number). Then the regex is tried only at those words.
   */
  starts: Anchor | null;
  /** The most words a match can hold (counting clause and sentence marks): its required words lie within them. */
  span: number;
}

export type Anchor = { words: string[]; prefixes: string[] };

/** Concepts by name, each the alternatives its wordings parse to (see compileConcepts). */
export type ConceptTable = ReadonlyMap<string, Node[][]>;

/** The pattern "any wording of one of these concepts" (the screen's signal words and framing, language.yaml). */
export const conceptsPattern = (names: readonly string[]): string => names.map((name) => `@${name}`).join('|');

export function compilePattern(pattern: string, concepts: ConceptTable = new Map()): CompiledPattern {
  const nodes = parsePattern(pattern, concepts);
  const words: string[] = [];
  return { source: `${emit(nodes, words)}(?= )`, words, requires: rarestFirst(requirementsOf(nodes)), starts: startOf(nodes), span: spanOf(nodes) };
}

/** Each word, wildcard or number is one word of the text, a window up to its size; a choice its longest alternative. */
function spanOf(nodes: Node[]): number {
  let span = 0;
  for (const node of nodes) {
    if (node.kind === 'word' || node.kind === 'any' || node.kind === 'number') span += 1;
    else if (node.kind === 'gap') span += node.max;
    else if (node.kind === 'choice') span += Math.max(...node.alternatives.map(spanOf));
  }
  return span;
}

/**
 * What each mandatory element needs: a word, or for a choice the union over its alternatives of each one's rarest
 * need (when every alternative has one). Wildcards, windows, numbers and optional parts need nothing.
 */
function requirementsOf(nodes: Node[]): Anchor[] {
  const needs: Anchor[] = [];
  for (const node of nodes) {
    if (node.kind === 'word') needs.push(wordAnchor(node));
    if (node.kind !== 'choice' || node.optional) continue;
    const rarest = node.alternatives.map((a) => rarestFirst(requirementsOf(a))[0]);
    if (rarest.every((a) => a !== undefined)) needs.push(union(rarest as Anchor[]));
  }
  return needs;
}

/**
 * How rarely a need's words occur in messages, told by their length: everyday words are short ("i", "is", "he"), the
 * words a rule is about longer ("collapsed", "overdos*"). A choice is then known by its rarer words, and the screen
 * reads a long message's regexes only near them (rule-matcher.ts).
 */
const rarity = (anchor: Anchor): number => Math.min(...anchor.words.map((w) => w.length), ...anchor.prefixes.map((p) => p.length));
/** Rarest first, and of two as rare the one with fewer words (sort is stable: otherwise in pattern order). */
const rarestFirst = (needs: Anchor[]): Anchor[] => [...needs].sort((a, b) => rarity(b) - rarity(a) || a.words.length + a.prefixes.length - (b.words.length + b.prefixes.length));

/** The words a match must start with: the first element's (after any ^), when it is a word or a mandatory choice of such. */
function startOf(nodes: Node[]): Anchor | null {
  const first = nodes.find((n) => n.kind !== 'start');
  if (first?.kind === 'word') return wordAnchor(first);
  if (first?.kind !== 'choice' || first.optional) return null;
  const starts = first.alternatives.map(startOf);
  return starts.every((a) => a !== null) ? union(starts as Anchor[]) : null;
}

const wordAnchor = (node: { text: string; prefix: boolean }): Anchor => (node.prefix ? { words: [], prefixes: [node.text] } : { words: [node.text], prefixes: [] });
const union = (anchors: Anchor[]): Anchor => ({ words: [...new Set(anchors.flatMap((a) => a.words))], prefixes: [...new Set(anchors.flatMap((a) => a.prefixes))] });

/**
 * Concepts are named lists of wordings, which may use other concepts (@name). Resolved in any order; a cycle
 * or an unknown name is an error naming the concept and wording.
 */
export function compileConcepts(definitions: Record<string, string[]>, base: ConceptTable = new Map()): Map<string, Node[][]> {
  const table = new Map(base);
  const resolving = new Set<string>();
  const lazy: ConceptTable = {
    get: (name: string) => resolve(name),
    has: (name: string) => table.has(name) || name in definitions,
  } as ConceptTable;
  const resolve = (name: string): Node[][] | undefined => {
    const done = table.get(name);
    if (done) return done;
    const wordings = definitions[name];
    if (!wordings) return undefined;
    if (resolving.has(name)) throw new PatternError(`concept @${name} uses itself`);
    resolving.add(name);
    const alternatives = wordings.map((w) => {
      try {
        return parsePattern(w, lazy);
      } catch (error) {
        throw error instanceof PatternError && !error.message.startsWith('@') ? new PatternError(`@${name} "${w}": ${error.message}`) : error;
      }
    });
    resolving.delete(name);
    table.set(name, alternatives);
    return alternatives;
  };
  for (const name of Object.keys(definitions)) resolve(name);
  return table;
}

function parsePattern(pattern: string, concepts: ConceptTable): Node[] {
  const tokens = tokenise(pattern);
  let at = 0;
  const parseSequence = (): Node[] => {
    const nodes: Node[] = [];
    for (let t = tokens[at]; t !== undefined && t !== ')' && t !== ']' && t !== '|'; t = tokens[at]) {
      at++;
      if (t === '(' || t === '[') nodes.push(parseChoice(t === '[' ? ']' : ')'));
      else if (t === '*') nodes.push({ kind: 'any' });
      else if (t === '...') nodes.push({ kind: 'gap', max: GAP_WORDS });
      else if (t.startsWith('~')) {
        const max = Number(t.replace(/~/g, ''));
        if (max > MAX_GAP) throw new PatternError(`'${t}': a window reaches at most ${MAX_GAP} words`);
        nodes.push({ kind: 'gap', max, acrossSentences: t.startsWith('~~') });
      }
      else if (t.startsWith('@')) {
        const alternatives = concepts.get(t.slice(1));
        if (!alternatives) throw new PatternError(`unknown concept '${t}'`);
        nodes.push({ kind: 'choice', alternatives, optional: false });
      }
      else if (t === '#') nodes.push({ kind: 'number' });
      else if (t === '^') nodes.push({ kind: 'start' });
      else if (t === '$') nodes.push({ kind: 'end' });
      else nodes.push(...wordNodes(t));
    }
    return nodes;
  };
  const parseChoice = (close: ')' | ']'): Node => {
    const alternatives = [parseSequence()];
    while (tokens[at] === '|') {
      at++;
      alternatives.push(parseSequence());
    }
    if (tokens[at] !== close) throw new PatternError(`missing '${close}'`);
    at++;
    return { kind: 'choice', alternatives, optional: close === ']' };
  };
  // A top-level "a b|c d" is a choice between the whole sequences.
  const alternatives = [parseSequence()];
  while (tokens[at] === '|') {
    at++;
    alternatives.push(parseSequence());
  }
  const nodes: Node[] = alternatives.length > 1 ? [{ kind: 'choice', alternatives, optional: false }] : alternatives[0]!;
  if (at < tokens.length) throw new PatternError(`unexpected '${tokens[at]}'`);
  if (!nodes.some(hasWord)) throw new PatternError('a pattern needs at least one plain word');
  return nodes;
}

function tokenise(pattern: string): string[] {
  const tokens: string[] = [];
  let end = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(pattern); m; m = TOKEN.exec(pattern)) {
    tokens.push(m[1]!);
    end = TOKEN.lastIndex;
  }
  if (pattern.slice(end).trim()) throw new PatternError('could not read the pattern');
  return tokens;
}

/** A written word may normalise to several ("don't" → "do not"); a trailing * applies to the last. */
function wordNodes(raw: string): Node[] {
  const prefix = raw.endsWith('*');
  const words = normaliseText(prefix ? raw.slice(0, -1) : raw).split(' ').filter(Boolean);
  if (!words.length) throw new PatternError(`'${raw}' has no letters or digits`);
  return words.map((text, i) => ({ kind: 'word', text, prefix: prefix && i === words.length - 1 }));
}

function hasWord(node: Node): boolean {
  return node.kind === 'word' || node.kind === 'number' || (node.kind === 'choice' && !node.optional && node.alternatives.every((a) => a.some(hasWord)));
}

function emit(nodes: Node[], words: string[]): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'word':
          words.push(node.text);
          return ` ${escape(node.text)}${node.prefix ? `${WORD}*` : ''}`;
        case 'any':
          return ` ${WORD}+`;
        case 'gap':
          // A sentence break is a word of its own ("|"), so a window across sentences just allows it.
          return `(?: ${node.acrossSentences ? '[^ ]' : WORD}+){0,${node.max}}`;
        case 'number':
          return ' [1-9][0-9]+';
        case 'start':
          return `(?<=(?:^|\\${CLAUSE_MARK}))`;
        case 'end':
          return `(?= (?:\\${CLAUSE_MARK}|$))`;
        case 'choice':
          return `(?:${node.alternatives.map((a) => emit(a, words)).join('|')})${node.optional ? '?' : ''}`;
      }
    })
    .join('');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * For each literal word, the concepts that list it themselves (not through another concept they use): what the
 * word means to the rules. The spelling key respells towards one of several words only when they mean the same.
 */
export function conceptsListing(definitions: Record<string, string[]>, table: ConceptTable): Map<string, Set<string>> {
  const wordsOf = (nodes: Node[], into: Set<string>): Set<string> => {
    for (const node of nodes) {
      if (node.kind === 'word') into.add(node.text);
      if (node.kind === 'choice') for (const alternative of node.alternatives) wordsOf(alternative, into);
    }
    return into;
  };
  const all = new Map<string, Set<string>>();
  const allOf = (name: string) => {
    let words = all.get(name);
    if (!words) all.set(name, (words = wordsOf((table.get(name) ?? []).flat(), new Set())));
    return words;
  };
  const listing = new Map<string, Set<string>>();
  for (const [name, wordings] of Object.entries(definitions)) {
    const used = new Set<string>();
    for (const wording of wordings) for (const ref of wording.matchAll(/@([a-z_0-9]+)/g)) for (const w of allOf(ref[1]!)) used.add(w);
    for (const word of allOf(name)) if (!used.has(word)) (listing.get(word) ?? listing.set(word, new Set()).get(word)!).add(name);
  }
  return listing;
}
