import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNluEval, type NluEvalCase } from './evaluate.js';

/** Where the model's labelled utterances live: lines written for training, our own set and every folded-in blind round. */
export const NLU_CORPUS_DIR = 'test/nlu/corpus';
export const NLU_SEEN_FILES = ['test/nlu/eval.tsv', 'test/nlu/blind-r1.tsv', 'test/nlu/blind-r2.tsv', 'test/nlu/selfcheck-r3.tsv', 'test/nlu/blind-r3.tsv', 'test/nlu/blind-r5.tsv', 'test/nlu/blind-r6.tsv', 'test/nlu/selfcheck-r4.tsv', 'test/nlu/selfcheck-r5.tsv', 'test/nlu/lead-r6.tsv', 'test/nlu/selfcheck-r6.tsv', 'test/nlu/lead-r7.tsv', 'test/nlu/train-r7.tsv', 'test/nlu/selfcheck-r7.tsv', 'test/nlu/dev-r8.tsv', 'test/nlu/blind-r7.tsv', 'test/nlu/probes-r9.tsv', 'test/nlu/dev-r10.tsv', 'test/nlu/probes-r10.tsv', 'test/nlu/selfcheck-r10.tsv', 'test/nlu/dev-r11.tsv', 'test/nlu/blind-r8.tsv', 'test/nlu/dev-r12.tsv', 'test/nlu/probes-r12.tsv', 'test/nlu/blind-r9.tsv'];

/** Every labelled utterance the model may learn from (paths from the repository root); throws on a bad line. */
export function readNluTrainingData(root: string): { cases: NluEvalCase[]; files: string[] } {
  const corpus = readdirSync(join(root, NLU_CORPUS_DIR))
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((f) => `${NLU_CORPUS_DIR}/${f}`);
  const files = [...corpus, ...NLU_SEEN_FILES];
  return { cases: files.flatMap((f) => parseNluEval(readFileSync(join(root, f), 'utf8'), f)), files };
}
