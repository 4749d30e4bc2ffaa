import { parseArgs } from 'node:util';
import { CorpusError, readCorpus, readCorpusFile, type LabelledMessage } from '../safety/corpus.js';
import { crossValidate } from '../safety/cross-validate.js';
import { evaluateSafety, formatReport, meetsSafetyThresholds, type SafetyEvalReport } from '../safety/evaluate.js';
import { createSafetyScreen, loadSafetyLexicon, SafetyLexiconError } from '../safety/index.js';

// npm run eval:safety [-- --file x.tsv] [-- --cv 5] [-- --show]
// Without --file: the training corpus (test/safety/corpus) and, separately, its *-ordinary files (0 triggers).
// --cv K: k-fold cross-validation (retrains K times). --show: print the lines it gets wrong (test sentences,
// never residents' messages). Exit code 0 when the bar is met, 1 when not, 2 for a bad file or argument.
const CORPUS = 'test/safety/corpus';

function main(): number {
  const { values } = parseArgs({ options: { file: { type: 'string' }, cv: { type: 'string' }, show: { type: 'boolean', default: false } } });
  const folds = values.cv === undefined ? undefined : Number(values.cv);
  if (folds !== undefined && (!Number.isInteger(folds) || folds < 2 || folds > 20)) throw new UsageError(`--cv needs a whole number of folds from 2 to 20, not '${values.cv}'`);
  const lexicon = loadSafetyLexicon();
  const print = (title: string, report: SafetyEvalReport) => {
    console.log(`\n${title}`);
    for (const line of formatReport(report)) console.log(line);
    if (!values.show) return;
    for (const m of report.misses) console.log(`MISS     ${m.source}:${m.line} [${m.category}] ${m.text}`);
    for (const f of report.falseAlarms) console.log(`FALSE +  ${f.source}:${f.line} [${f.hit.category}/${f.hit.level}] ${f.text}`);
  };

  if (folds) {
    const messages = values.file ? readCorpusFile(values.file) : readCorpus(CORPUS, 'training');
    const report = crossValidate(messages, lexicon.languages, folds);
    print(`${folds}-fold cross-validation on ${values.file ?? CORPUS} (${messages.length} lines)`, report);
    return meetsSafetyThresholds(report) ? 0 : 1;
  }
  const screen = createSafetyScreen(lexicon);
  const judge = (title: string, messages: LabelledMessage[]) => {
    const report = evaluateSafety(screen, messages);
    print(title, report);
    return report;
  };
  if (values.file) return meetsSafetyThresholds(judge(values.file, readCorpusFile(values.file))) ? 0 : 1;
  const corpus = judge(`${CORPUS} (training files; figures on data the model learnt from, see --cv)`, readCorpus(CORPUS, 'training'));
  const ordinary = judge(`${CORPUS}/*-ordinary.tsv (must never trigger)`, readCorpus(CORPUS, 'ordinary'));
  return meetsSafetyThresholds(corpus) && ordinary.falseAlarms.length === 0 ? 0 : 1;
}

class UsageError extends Error {}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof CorpusError || error instanceof SafetyLexiconError || error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) throw error;
  console.error((error as Error).message);
  process.exitCode = 2;
}
