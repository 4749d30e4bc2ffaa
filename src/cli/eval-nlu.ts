import { readFileSync } from 'node:fs';
import { AuthorIssuesError, formatIssue } from '../authoring/author-issue.js';
import { parseArgs } from 'node:util';
import { createKeywordClassifier, loadIntents } from '../nlu/index.js';
import { evaluateNlu, NLU_MAX_SILENT, NLU_MIN_ACCURACY, parseNluEval } from '../nlu/evaluate.js';

// Prints the evaluation texts it gets wrong: they are test sentences, never residents' messages.
const USAGE = 'usage: npm run eval:nlu -- [--file test/nlu/eval.tsv] [--quiet]';
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { file: { type: 'string', default: 'test/nlu/eval.tsv' }, quiet: { type: 'boolean', default: false } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const file = values.file;
  let cases;
  try {
    cases = parseNluEval(readFileSync(file, 'utf8'), file);
  } catch (error) {
    console.error(error instanceof Error && 'code' in error ? `cannot read ${file}: ${error.message}` : String(error instanceof Error ? error.message : error));
    return 2;
  }
  let classifier;
  try {
    classifier = createKeywordClassifier(loadIntents(process.cwd()));
  } catch (error) {
    if (!(error instanceof AuthorIssuesError)) throw error;
    for (const issue of error.issues) console.error(formatIssue(issue));
    return 2;
  }
  const report = await evaluateNlu(classifier.classify, cases);

  console.log(`${file}: ${report.total} utterances`);
  if (!values.quiet) {
    for (const [key, { total, correct }] of [...report.byIntent].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`${key.padEnd(40)} ${String(correct).padStart(3)}/${String(total).padEnd(3)} ${pct(correct / total)}`);
    }
    for (const e of report.errors) console.log(`WRONG  line ${e.line} [${e.locale}] expected ${e.set}/${e.intent}, got ${e.got ?? 'nothing'}: ${e.text}`);
  }
  console.log('\nlocale  utterances  accuracy  silently nothing/any');
  let ok = true;
  for (const [locale, t] of [...report.byLocale].sort(([a], [b]) => a.localeCompare(b))) {
    const accuracy = t.correct / t.total;
    const silent = t.silent / t.total;
    ok &&= accuracy >= NLU_MIN_ACCURACY && silent <= NLU_MAX_SILENT;
    console.log(`${locale.padEnd(6)}  ${String(t.total).padStart(10)}  ${pct(accuracy).padStart(8)}  ${pct(silent).padStart(20)}`);
  }
  console.log(`all     ${String(report.total).padStart(10)}  ${pct(report.accuracy).padStart(8)}  ${pct(report.silent / Math.max(1, report.total)).padStart(20)}`);
  console.log(`(keyword classifier; minimum ${pct(NLU_MIN_ACCURACY)} per language, at most ${pct(NLU_MAX_SILENT)} silently nothing/any)`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
