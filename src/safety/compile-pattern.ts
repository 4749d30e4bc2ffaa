import { CLAUSE_MARK, normaliseText } from '../nlu/normalise-text.js';

/**
 * Lexicon patterns (format documented at the top of each lexicon file):
 *   word     the whole word                    kill*   any word starting "kill"
 *   *        any one word                      ...     up to four words (or none)
 *   (a|b c)  one of the alternatives           [a|b]   optional: one of them, or nothing
 *   #        a number of 10 or more ("took 30")   ^ / $   the start / end of the message or of a sentence
 * A pattern becomes a regex over normalised text that starts and ends with a space (" i want to die "), each word
 * preceded by its space, so matches always fall on whole words ("skill myself" never matches "kill* myself").
 */
type Node =
  | { kind: 'word'; text: string; prefix: boolean }
  | { kind: 'any' }
  | { kind: 'gap' }
  | { kind: 'number' }
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'choice'; alternatives: Node[][]; optional: boolean };

export class PatternError extends Error {}

const TOKEN = /\s*(\.\.\.|[()[\]|^$#]|[^\s()[\]|^$#]+)/y;
const GAP_WORDS = 4;
const WORD = `[^ ${CLAUSE_MARK}]`;

export interface CompiledPattern {
  /** Regex source; match against ` ${normalisedText} `. */
  source: string;
  /** The literal words, for spelling correction towards them. */
  words: string[];
}

export function compilePattern(pattern: string): CompiledPattern {
  const tokens = tokenise(pattern);
  let at = 0;
  const parseSequence = (): Node[] => {
    const nodes: Node[] = [];
    for (let t = tokens[at]; t !== undefined && t !== ')' && t !== ']' && t !== '|'; t = tokens[at]) {
      at++;
      if (t === '(' || t === '[') nodes.push(parseChoice(t === '[' ? ']' : ')'));
      else if (t === '*') nodes.push({ kind: 'any' });
      else if (t === '...') nodes.push({ kind: 'gap' });
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
  const nodes = parseSequence();
  if (at < tokens.length) throw new PatternError(`unexpected '${tokens[at]}'`);
  if (!nodes.some(hasWord)) throw new PatternError('a pattern needs at least one plain word');
  const words: string[] = [];
  return { source: `${emit(nodes, words)}(?= )`, words };
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
  return node.kind === 'word' || (node.kind === 'choice' && !node.optional && node.alternatives.every((a) => a.some(hasWord)));
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
          return `(?: ${WORD}+){0,${GAP_WORDS}}`;
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
