import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createKeywordClassifier, loadIntents } from '../nlu/index.js';
import { evaluateNlu, NLU_MIN_ACCURACY, parseNluEval } from '../nlu/evaluate.js';

// Prints the evaluation texts it gets wrong: they are test sentences, never residents' messages.
const { values } = parseArgs({ options: { file: { type: 'string', default: 'test/nlu/eval.tsv' } } });
const file = values.file;
const classifier = createKeywordClassifier(loadIntents(process.cwd()));
const report = await evaluateNlu(classifier.classify, parseNluEval(readFileSync(file, 'utf8'), file));
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

console.log(`${file}: ${report.total} utterances`);
for (const [key, { total, correct }] of [...report.byIntent].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${key.padEnd(40)} ${String(correct).padStart(3)}/${String(total).padEnd(3)} ${pct(correct / total)}`);
}
for (const e of report.errors) console.log(`WRONG  line ${e.line} [${e.locale}] expected ${e.set}/${e.intent}, got ${e.got ?? 'nothing'}: ${e.text}`);
console.log(`overall accuracy (keyword classifier): ${pct(report.accuracy)}  (minimum ${pct(NLU_MIN_ACCURACY)})`);
process.exitCode = report.accuracy >= NLU_MIN_ACCURACY ? 0 : 1;
