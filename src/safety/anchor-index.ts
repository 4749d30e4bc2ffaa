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
   * number, the offsets of the space before each of its words.
   */
  find(words: readonly string[], first: number): Occurrences;
}

export interface Occurrences {
  has(id: number): boolean;
  /** Offsets (of the space before the word) where one of `ids` occurs, ascending, each once. */
  offsets(ids: readonly number[]): number[];
}

type TreeNode = { next: Map<number, TreeNode>; id: number };

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

  return {
    idsOf: (anchor) => [...anchor.words.map(wordId), ...anchor.prefixes.map(prefixId)],
    find(words, first) {
      const at = new Map<number, number[]>();
      const add = (id: number, offset: number) => {
        const list = at.get(id);
        if (list) list.push(offset);
        else at.set(id, [offset]);
      };
      let start = first;
      for (const word of words) {
        // A word with no space before it (only at a text's very start) can begin no match.
        if (word && start > 0) {
          const id = wordIds.get(word);
          if (id !== undefined) add(id, start - 1);
          let node: TreeNode | undefined = prefixes;
          for (let i = 0; i < word.length && node; i++) {
            node = node.next.get(word.charCodeAt(i));
            if (node && node.id >= 0) add(node.id, start - 1);
          }
        }
        start += word.length + 1;
      }
      return {
        has: (id) => at.has(id),
        offsets(ids) {
          const found: number[] = [];
          for (const id of ids) {
            const list = at.get(id);
            if (list) for (const offset of list) found.push(offset);
          }
          if (found.length < 2) return found;
          found.sort((a, b) => a - b);
          return found.filter((offset, i) => offset !== found[i - 1]);
        },
      };
    },
  };
}
