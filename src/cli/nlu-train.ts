import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AuthorIssuesError, formatIssue } from '../authoring/author-issue.js';
import { chooseThresholds, trainFolds, withThresholds } from '../nlu/calibrate-thresholds.js';
import { createKeywordClassifier, loadIntents } from '../nlu/index.js';
import { trainIntentModel } from '../nlu/train-intent-model.js';
import { readNluTrainingData } from '../nlu/training-data.js';

// npm run nlu:train: learn the intent model from test/nlu (corpus/, eval.tsv and the folded-in blind rounds) and
// the intents files, and write src/nlu/model/intent-model.json. Deterministic: the same data gives the same file.
const OUT = fileURLToPath(new URL('../nlu/model/intent-model.json', import.meta.url));
/** Folds whose held-out guesses choose each set's threshold (calibrate-thresholds.ts). */
const CALIBRATION_FOLDS = 5;

try {
  const intents = loadIntents(process.cwd());
  const { cases, files } = readNluTrainingData(process.cwd());
  const keyword = createKeywordClassifier(intents);
  const thresholds = chooseThresholds(trainFolds(cases, intents, CALIBRATION_FOLDS, keyword).evidence);
  const stored = withThresholds(trainIntentModel({ utterances: cases, intents, keywordFinds: (r) => keyword.classify(r) !== null }, files), thresholds);
  const json = JSON.stringify(stored);
  writeFileSync(OUT, `${json}\n`);
  console.log(`thresholds by ${CALIBRATION_FOLDS}-fold cross-validation: ${Object.entries(thresholds).map(([set, t]) => `${set} ${t}`).join(', ')}`);
  console.log(`trained on ${cases.length} utterances from ${files.length} files and the intents files; wrote ${OUT} (${(json.length / 1024).toFixed(0)} KB)`);
} catch (error) {
  if (error instanceof AuthorIssuesError) for (const issue of error.issues) console.error(formatIssue(issue));
  else console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
