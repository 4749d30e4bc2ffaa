// After tsc and copy-build-assets: do at build what every start would otherwise repeat on the same files.
// - Parse every YAML file the server reads (flows, content, the safety lexicon next to the code) with the
//   loaders' own parser, into dist/yaml-parse.cache (src/authoring/yaml-parse-cache.ts).
// - Check the shipped intent model and safety classifier against their schemas, packing their weights beside them
//   (src/nlu/intent-model.ts, src/safety/classifier-model.ts).
// - Compile the safety lexicon's concepts and patterns, into dist/safety/compiled-lexicon.cache
//   (src/safety/compiled-lexicon-cache.ts), and the keyword classifier's phrases of the shipped intents files,
//   into dist/nlu/compiled-phrases.cache (src/nlu/compiled-phrases-cache.ts).
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlBytes } from '../dist/authoring/yaml-file.js';
import { BUILT_YAML_PARSE_CACHE, writeYamlParseCache } from '../dist/authoring/yaml-parse-cache.js';
import { BUILT_COMPILED_PHRASES, writeCompiledPhrases } from '../dist/nlu/compiled-phrases-cache.js';
import { checkIntentModelAtBuild } from '../dist/nlu/intent-model.js';
import { checkClassifierAtBuild } from '../dist/safety/classifier-model.js';
import { compilePhrases } from '../dist/nlu/keyword-classifier.js';
import { loadIntents } from '../dist/nlu/load-intents.js';
import { BUILT_COMPILED_LEXICON, writeCompiledLexicon } from '../dist/safety/compiled-lexicon-cache.js';
import { loadScreenLanguages } from '../dist/safety/load-safety-lexicon.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const yamlFilesUnder = (dir) =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));

const { skipped } = writeYamlParseCache(BUILT_YAML_PARSE_CACHE, ['flows', 'content', 'dist'].flatMap(yamlFilesUnder), parseYamlBytes);
for (const file of skipped) console.warn(`${file}: not parsed at build (it has a mistake, or values JSON cannot hold); parsed at each start instead`);
checkIntentModelAtBuild();
checkClassifierAtBuild(join(root, 'dist/safety/model/classifier.json'));
// The last build's compiled lexicon goes first: the loader would otherwise take its patterns instead of compiling.
rmSync(BUILT_COMPILED_LEXICON, { force: true });
try {
  writeCompiledLexicon(BUILT_COMPILED_LEXICON, loadScreenLanguages());
} catch (error) {
  console.warn(`the safety lexicon was not compiled at build (${error.message}); it is compiled at each start instead`);
}
try {
  writeCompiledPhrases(BUILT_COMPILED_PHRASES, [...loadIntents(root)].map(([locale, file]) => ({ locale, file, phrases: compilePhrases(locale, file) })));
} catch (error) {
  console.warn(`the intents files were not compiled at build (${error.message}); they are compiled at each start instead`);
}
