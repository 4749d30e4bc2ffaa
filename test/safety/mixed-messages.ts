import { readCorpus } from '../../src/safety/corpus.js';
import { seededRandom } from '../../src/seeded-random.js';

export const SAFETY_CORPUS = 'test/safety/corpus';

/**
 * Messages as residents send them, built from the corpus: 70% single lines, 20% two to five lines, 10% long
 * messages of 2,000 characters. The same seed gives the same messages, so the bench and the pinned decisions
 * (test/safety/fixtures) read the same mix.
 */
export function mixedMessages(count: number, seed: number, dir = SAFETY_CORPUS): string[] {
  const rnd = seededRandom(seed);
  const lines = [...readCorpus(dir, 'training'), ...readCorpus(dir, 'ordinary')].map((m) => m.text);
  const pick = () => lines[Math.floor(rnd() * lines.length)]!;
  const joined = (maxChars: number) => {
    let text = pick();
    while (text.length < maxChars) text += `${rnd() < 0.5 ? '\n' : ' '}${pick()}`;
    return text.slice(0, maxChars);
  };
  return Array.from({ length: count }, () => {
    const r = rnd();
    return r < 0.7 ? pick() : r < 0.9 ? joined(100 + Math.floor(rnd() * 500)) : joined(2000);
  });
}
