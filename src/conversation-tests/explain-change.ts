import { diffWords } from 'diff';
import { distance } from 'fastest-levenshtein';

/**
 * Where a reply no longer says what a test expects, the part of the reply that comes closest, with the
 * change in plain brackets: "You [was: won't][now: will not] get any more messages". Undefined when nothing
 * in the reply is close (the bot said something else entirely).
 */
export function explainChange(expected: string, reply: string): string | undefined {
  const want = expected.trim().split(/\s+/);
  const words = reply.split(/\s+/).filter(Boolean);
  let best: { start: number; end: number; d: number } | undefined;
  for (let size = Math.max(1, want.length - 2); size <= want.length + 2; size++) {
    for (let start = 0; start + size <= words.length; start++) {
      const d = distance(words.slice(start, start + size).join(' ').toLowerCase(), expected.toLowerCase());
      if (!best || d < best.d) best = { start, end: start + size, d };
    }
  }
  if (!best || best.d > expected.length * 0.6) return undefined;
  // The closest stretch can cut a changed phrase in half ("won't" → "not" of "will not"): when an edge of
  // the stretch is itself a change, take in the neighbouring word the test does not mention.
  const parts = diffWords(expected, words.slice(best.start, best.end).join(' '), { ignoreCase: true });
  const mentioned = new Set(want.map((w) => w.toLowerCase()));
  const changed = (part: (typeof parts)[number] | undefined) => Boolean(part?.added || part?.removed);
  if (changed(parts[0]) && best.start > 0 && !mentioned.has(words[best.start - 1]!.toLowerCase())) best.start -= 1;
  if (changed(parts.at(-1)) && best.end < words.length && !mentioned.has(words[best.end]!.toLowerCase())) best.end += 1;
  return diffWords(expected, words.slice(best.start, best.end).join(' '), { ignoreCase: true })
    .map((part) => (part.removed ? `[was: ${part.value.trim()}]` : part.added ? `[now: ${part.value.trim()}]` : part.value))
    .join('')
    .replace(/\](?=\S)/g, '] ')
    .trim();
}
