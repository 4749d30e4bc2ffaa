import { describe, expect, it } from 'vitest';
import { CLAUSE_MARK } from '../../src/nlu/normalise-text.js';
import { loadSafetyLexicon } from '../../src/safety/index.js';
import { normaliseSentence, splitSentences } from '../../src/safety/prepare-text.js';
import { createRuleMatcher } from '../../src/safety/rule-matcher.js';

// Every rule's `examples` must be caught by that rule, and its `not` examples left alone, in its own language.
const lexicon = loadSafetyLexicon();

describe.each(lexicon.languages.map((l) => [l.lang, l] as const))('rules (%s)', (_, language) => {
  const matcher = createRuleMatcher(language, lexicon.model.vocabulary);
  const prepare = (text: string) => ` ${splitSentences(text).map((s) => matcher.fixWords(normaliseSentence(s)).join(' ')).join(` ${CLAUSE_MARK} `)} `;
  const cases = matcher.rules.map((r) => [`${r.category} ${r.level}: ${r.rule.match}`, r] as const);

  it.each(cases)('%s', (_, { rule, regex, level }) => {
    for (const example of rule.examples) {
      const text = prepare(example);
      expect(regex.test(level === 'exclude' ? text : matcher.removeExclusions(text)), `should match: ${example}`).toBe(true);
    }
    for (const example of rule.not) expect(regex.test(matcher.removeExclusions(prepare(example))), `should not match: ${example}`).toBe(false);
  });
});
