import type { Anchor } from './compile-pattern.js';

/**
 * Where a language's anchor words (the words its patterns need or start with, see CompiledPattern) occur in a
 * text, found in one pass over the text's words: each word is one map lookup, plus a walk down a letter tree for
 * the anchors that are word beginnings ("kill*"). A rule is then only tried where its words are.
 */
export interface AnchorIndex {
  /** The anchor's words and prefixes as numbers (registered once, when rules are compiled). */
  idsOf(anchor: Anchor): number[];
  /**
   * The anchor words among `words`, the words of a text in order, each followed by one space, `words[0]` starting
   * at offset `first` (1 for the words of ` ${words.join(' ')} `; 0 for `text.split(' ')`): for each anchor's
   * number, the places of its words, and each word's offset.
   */
  find(words: readonly string[], first: number): Occurrences;
}

export interface Occurrences {
  /** The anchors that occur, each once. */
  ids: readonly number[];
  has(id: number): boolean;
  /** The words (their places among the text's words) where one of `ids` occurs, ascending, each once. */
  places(ids: readonly number[]): readonly number[];
  /** The offset of the space before the word at `place`. */
  offset(place: number): number;
  /** How many words the text has. */
  length: number;
}

type TreeNode = { next: Map<number, TreeNode>; id: number };

/** Words whose anchors are remembered before starting afresh (a few dozen bytes each). */
const MAX_REMEMBERED = 20_000;

export function createAnchorIndex(): AnchorIndex {
  const wordIds = new Map<string, number>();
  const prefixes: TreeNode = { next: new Map(), id: -1 };
  let count = 0;

  const prefixId = (prefix: string): number => {
    let node = prefixes;
    for (let i = 0; i < prefix.length; i++) {
      const code = prefix.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) node.next.set(code, (child = { next: new Map(), id: -1 }));
      node = child;
    }
    if (node.id < 0) node.id = count++;
    return node.id;
  };
  const wordId = (word: string): number => {
    let id = wordIds.get(word);
    if (id === undefined) wordIds.set(word, (id = count++));
    return id;
  };

  /** Each word's anchors (its own number and its beginnings'), worked out once per word (kept up to a limit). */
  const wordAnchors = new Map<string, readonly number[]>();
  const NONE: readonly number[] = [];
  const anchorsOf = (word: string): readonly number[] => {
    let ids = wordAnchors.get(word);
    if (ids) return ids;
    const found: number[] = [];
    const id = wordIds.get(word);
    if (id !== undefined) found.push(id);
    let node: TreeNode | undefined = prefixes;
    for (let i = 0; i < word.length && node; i++) {
      node = node.next.get(word.charCodeAt(i));
      if (node && node.id >= 0) found.push(node.id);
    }
    ids = found.length ? found : NONE;
    if (wordAnchors.size >= MAX_REMEMBERED) wordAnchors.clear();
    wordAnchors.set(word, ids);
    return ids;
  };

  return {
    idsOf(anchor) {
      wordAnchors.clear(); // a word may be a new anchor's
      return [...anchor.words.map(wordId), ...anchor.prefixes.map(prefixId)];
    },
    find(words, first) {
      // Which anchors occur, by number: a rule asks for each of its words, and an array answers fastest.
      const present = new Uint8Array(count);
      const at = new Map<number, number[]>();
      const ids: number[] = [];
      const offsets = new Int32Array(words.length);
      let start = first;
      for (let place = 0; place < words.length; place++) {
        const word = words[place]!;
        offsets[place] = start - 1;
        // A word with no space before it (only at a text's very start) can begin no match.
        if (word && start > 0) {
          for (const id of anchorsOf(word)) {
            const list = at.get(id);
            if (list) list.push(place);
            else {
              at.set(id, [place]);
              present[id] = 1;
              ids.push(id);
            }
          }
        }
        start += word.length + 1;
      }
      return {
        ids,
        has: (id) => present[id] === 1,
        places(ids) {
          if (ids.length === 1) return at.get(ids[0]!) ?? [];
          const found: number[] = [];
          for (const id of ids) {
            const list = at.get(id);
            if (list) for (const place of list) found.push(place);
          }
          if (found.length < 2) return found;
          found.sort((a, b) => a - b);
          return found.filter((place, i) => place !== found[i - 1]);
        },
        offset: (place) => offsets[place]!,
        length: words.length,
      };
    },
  };
}
