import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/nlu/normalise-text.js';
import type { ScreenLanguage } from '../../src/safety/categories.js';
import { CLASSES, collectFeatures, sumWeights } from '../../src/safety/classifier-model.js';
import { readCorpus } from '../../src/safety/corpus.js';
import { createFeatureScorer } from '../../src/safety/feature-scorer.js';
import { loadSafetyLexicon } from '../../src/safety/index.js';
import { seededRandom } from '../../src/seeded-random.js';

// The scorer remembers each word's own features: its sums must be exactly those of every feature looked up in turn.
const weights = loadSafetyLexicon().model.weights;

const featureByFeature = (lang: ScreenLanguage, words: string[]) => {
  const features: number[] = [];
  collectFeatures(lang, words, features);
  const sums = new Float64Array(CLASSES.length);
  sumWeights(weights, features, sums);
  return { sums: [...sums], count: features.length };
};

describe('the classifier feature scorer', () => {
  it('stores the model as one-byte codes', () => {
    expect('codes' in weights).toBe(true);
  });

  it('gives exactly the sums and feature count of looking up every feature, on every corpus line and odd word runs', () => {
    const scorer = createFeatureScorer(weights);
    const rnd = seededRandom(3);
    const letters = 'abcdeilmnorstyząź';
    const odd = Array.from({ length: 500 }, () => Array.from({ length: Math.floor(rnd() * 12) }, () => Array.from({ length: 1 + Math.floor(rnd() * (rnd() < 0.5 ? 2 : 12)) }, () => letters[Math.floor(rnd() * letters.length)]).join('')));
    const lines = readCorpus('test/safety/corpus', 'training').map((m) => [m.lang, normaliseText(m.text).split(' ').filter(Boolean)] as const);
    const runs = [...lines, ...odd.map((words) => ['en', words] as const), ...odd.map((words) => ['pl', words] as const), ...odd.map((words) => ['ur', words] as const)];
    const differing = runs.filter(([lang, words]) => {
      const sums = new Float64Array(CLASSES.length);
      // Twice: once working each word out, once from what was remembered.
      const count = scorer(lang, words, sums);
      const again = new Float64Array(CLASSES.length);
      scorer(lang, words, again);
      const expected = featureByFeature(lang, words);
      return count !== expected.count || JSON.stringify([...sums]) !== JSON.stringify(expected.sums) || JSON.stringify([...again]) !== JSON.stringify(expected.sums);
    });
    expect(differing.slice(0, 10).map(([, words]) => words.join(' '))).toEqual([]);
  });
});
