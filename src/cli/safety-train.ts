import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CorpusError, readCorpus } from '../safety/corpus.js';
import { loadScreenLanguages, SafetyLexiconError } from '../safety/load-safety-lexicon.js';
import { trainClassifier } from '../safety/train-classifier.js';

// npm run safety:train: learn the classifier from test/safety/corpus (never the *-ordinary files) and write
// src/safety/model/classifier.json. Deterministic: the same corpus gives the same file.
const CORPUS = 'test/safety/corpus';
const OUT = fileURLToPath(new URL('../safety/model/classifier.json', import.meta.url));

try {
  const messages = readCorpus(CORPUS, 'training');
  const { stored } = trainClassifier(messages, loadScreenLanguages());
  const files = [...new Set(messages.map((m) => m.source.split('/').pop()!))];
  const json = JSON.stringify(stored({ at: new Date().toISOString().slice(0, 10), lines: messages.length, files }));
  writeFileSync(OUT, `${json}\n`);
  console.log(`trained on ${messages.length} lines from ${files.length} files; wrote ${OUT} (${(json.length / 1024).toFixed(0)} KB)`);
} catch (error) {
  if (!(error instanceof CorpusError || error instanceof SafetyLexiconError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
