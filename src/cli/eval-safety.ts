import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createSafetyScreen, loadSafetyLexicon } from '../safety/index.js';
import { evaluateSafety, meetsSafetyThresholds, parseSafetyEval, SAFETY_THRESHOLDS } from '../safety/evaluate.js';

// Prints the evaluation texts it gets wrong: they are test sentences, never residents' messages.
const { values } = parseArgs({ options: { file: { type: 'string', default: 'test/safety/eval.tsv' } } });
const file = values.file;
const report = evaluateSafety(createSafetyScreen(loadSafetyLexicon()), parseSafetyEval(readFileSync(file, 'utf8'), file));
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

console.log(`${file}: ${report.risky} risky, ${report.safe} safe`);
console.log(`recall (risky caught, any category): ${pct(report.recall)}  (minimum ${pct(SAFETY_THRESHOLDS.minRecall)})`);
console.log(`category accuracy (of those caught): ${pct(report.categoryAccuracy)}`);
console.log(`false-positive rate:                 ${pct(report.falsePositiveRate)}  (maximum ${pct(SAFETY_THRESHOLDS.maxFalsePositiveRate)})`);
for (const m of report.misses) console.log(`MISS      line ${m.line} [${m.category}] ${m.text}`);
for (const f of report.falsePositives) console.log(`FALSE +   line ${f.line} [${f.hit.category}/${f.hit.level}] ${f.text}`);
for (const w of report.wrongCategory) console.log(`CATEGORY  line ${w.line} expected ${w.category}, got ${w.hit.category}/${w.hit.level}: ${w.text}`);
process.exitCode = meetsSafetyThresholds(report) ? 0 : 1;
