import { seededRandom } from '../seeded-random.js';

/** One training example: the indices of its (binary) features and its class. */
export type SparseExample = { features: readonly number[]; y: number; weight?: number };

export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/**
 * Multinomial logistic regression by stochastic gradient descent over binary features, each example's vector
 * L2-normalised (1/sqrt(feature count)); the rate decays each epoch. Deterministic for a seed. Weights are laid
 * out feature-major: weights[feature * classes + class]. Written for the intent model; the safety classifier's
 * trainer (src/safety/train-classifier.ts) does the same and could use it.
 */
export function trainSoftmax(examples: readonly SparseExample[], featureCount: number, classes: number, options: SoftmaxOptions): { weights: Float32Array; bias: Float64Array } {
  const C = classes;
  const weights = new Float32Array(featureCount * C);
  const bias = new Float64Array(C);
  const p = new Float64Array(C);
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = options.learningRate / (1 + epoch * 0.3);
    for (const index of order) {
      const { features, y, weight = 1 } = examples[index]!;
      const v = 1 / Math.sqrt(Math.max(1, features.length));
      softmaxInto(p, features, weights, bias, v);
      for (let c = 0; c < C; c++) {
        const step = rate * weight * (p[c]! - (c === y ? 1 : 0));
        bias[c]! -= step * 0.1;
        for (const f of features) weights[f * C + c] = weights[f * C + c]! * (1 - rate * options.l2) - step * v;
      }
    }
  }
  return { weights, bias };
}

function softmaxInto(out: Float64Array, features: readonly number[], weights: Float32Array, bias: Float64Array, v: number): void {
  const C = out.length;
  let max = -Infinity;
  for (let c = 0; c < C; c++) {
    let s = bias[c]!;
    for (const f of features) s += weights[f * C + c]! * v;
    out[c] = s;
    max = Math.max(max, s);
  }
  let total = 0;
  for (let c = 0; c < C; c++) total += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < C; c++) out[c]! /= total;
}
