import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuthorIssuesError, formatIssue } from '../authoring/author-issue.js';
import { crossValidateNlu } from '../nlu/cross-validate.js';
import { evaluateNlu, NLU_MAX_SILENT, NLU_MIN_ACCURACY, parseNluEval, type NluEvalReport } from '../nlu/evaluate.js';
import { createKeywordClassifier, loadIntents } from '../nlu/index.js';
import { loadIntentModel } from '../nlu/intent-model.js';
import { readNluTrainingData } from '../nlu/training-data.js';
import { withIntentModel } from '../nlu/understand-intents.js';

// Prints the evaluation texts it gets wrong: they are test sentences, never residents' messages.
const USAGE = 'usage: npm run eval:nlu -- [--file test/nlu/eval.tsv] [--quiet] [--keywords-only] [--cv K]';
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        file: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'keywords-only': { type: 'boolean', default: false },
        cv: { type: 'string' },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const folds = values.cv === undefined ? 0 : Number(values.cv);
  if (values.cv !== undefined && (!Number.isInteger(folds) || folds < 2 || folds > 20)) {
    console.error(`--cv takes a number of folds from 2 to 20\n${USAGE}`);
    return 2;
  }
  const file = values.file ?? (folds ? undefined : 'test/nlu/eval.tsv');
  let cases;
  let intents;
  let training;
  try {
    cases = file ? parseNluEval(readFileSync(file, 'utf8'), file) : undefined;
    intents = loadIntents(process.cwd());
    training = folds ? readNluTrainingData(process.cwd()).cases : [];
  } catch (error) {
    if (error instanceof AuthorIssuesError) for (const issue of error.issues) console.error(formatIssue(issue));
    else console.error(error instanceof Error && 'path' in error ? `cannot read ${String(error.path)}: ${error.message}` : error instanceof Error ? error.message : String(error));
    return 2;
  }
  const keyword = createKeywordClassifier(intents);
  let report: NluEvalReport;
  let what: string;
  if (folds) {
    report = await crossValidateNlu(training, intents, folds, cases);
    what = `${folds}-fold cross-validation (phrases, then the model trained without the fold) on ${file ?? 'all training data'}`;
  } else if (values['keywords-only']) {
    report = await evaluateNlu(keyword.classify, cases!);
    what = `${file}, phrases only`;
  } else {
    report = await evaluateNlu(withIntentModel(keyword, loadIntentModel(intents)).classify, cases!);
    what = `${file}, phrases then the committed model`;
  }
  return printReport(report, what, values.quiet) ? 0 : 1;
}

function printReport(report: NluEvalReport, what: string, quiet: boolean): boolean {
  console.log(`${what}: ${report.total} utterances`);
  if (!quiet) {
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
  console.log(`(minimum ${pct(NLU_MIN_ACCURACY)} per language, at most ${pct(NLU_MAX_SILENT)} silently nothing/any)`);
  return ok;
}

process.exitCode = await main();
