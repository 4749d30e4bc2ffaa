import { describe, expect, it } from 'vitest';
import { CLAUSE_MARK } from '../../src/nlu/normalise-text.js';
import { readCorpus } from '../../src/safety/corpus.js';
import { loadSafetyLexicon } from '../../src/safety/index.js';
import { normaliseSentence, splitSentences } from '../../src/safety/prepare-text.js';
import { createRuleMatcher } from '../../src/safety/rule-matcher.js';

// Every rule's `examples` must be caught by that rule, and its `not` examples left alone, in its own language.
const lexicon = loadSafetyLexicon();

describe.each(lexicon.languages.map((l) => [l.lang, l] as const))('rules (%s)', (lang, language) => {
  const matcher = createRuleMatcher(language, lexicon.model.vocabulary);
  const prepare = (text: string) => ` ${splitSentences(text).map((s) => matcher.fixWords(normaliseSentence(s)).join(' ')).join(` ${CLAUSE_MARK} `)} `;
  const cases = matcher.rules.map((r) => [`${r.category} ${r.level}: ${r.rule.match}`, r] as const);

  it.each(cases)('%s', (_, rule) => {
    for (const example of rule.rule.examples) {
      const text = prepare(example);
      expect(matcher.ruleMatches(rule, rule.level === 'exclude' ? text : matcher.removeExclusions(text)), `should match: ${example}`).toBe(true);
    }
    for (const example of rule.rule.not) {
      const text = matcher.removeExclusions(prepare(example));
      // An exclusion also leaves alone a sentence its `unless` pattern matches.
      const applies = matcher.ruleMatches(rule, text) && !(rule.level === 'exclude' && rule.unless?.test(text));
      expect(applies, `should not match: ${example}`).toBe(false);
    }
  });

  // The matcher tries a rule only where its words occur; whatever rules are written, that must find exactly what
  // running each rule's regex over the whole text finds, and take out everyday phrases as String.replace does.
  /** The rule's regex tried at every word, less the matches straight after its `not_after` words or holding its `unless`. */
  const plainMatch = (rule: (typeof matcher.rules)[number], text: string) => {
    const unless = rule.level === 'exclude' ? null : rule.unless;
    if (!rule.notAfter && !unless) return rule.regex.test(text);
    const sticky = new RegExp(rule.regex.source, 'y');
    for (let start = text.indexOf(' '); start >= 0; start = text.indexOf(' ', start + 1)) {
      sticky.lastIndex = start;
      const m = sticky.exec(text);
      if (m && !rule.notAfter?.test(text.slice(0, start + 1)) && !unless?.test(`${m[0]} `)) return true;
    }
    return false;
  };

  // Every rule against every line of a growing corpus, by the plain regex too: minutes on a loaded 2-core machine.
  it('finds what each rule’s regex finds over the whole text, on every corpus line and every rule example', () => {
    const lines = [...readCorpus('test/safety/corpus', 'training'), ...readCorpus('test/safety/corpus', 'ordinary')].filter((m) => m.lang === lang);
    const texts = [...lines.map((m) => m.text), ...matcher.rules.flatMap((r) => [...r.rule.examples, ...r.rule.not])].map(prepare);
    const differing: string[] = [];
    for (const text of texts) {
      for (const rule of matcher.rules) if (matcher.ruleMatches(rule, text) !== plainMatch(rule, text)) differing.push(`${rule.rule.match} on${text}`);
      const replaced = matcher.rules.filter((r) => r.level === 'exclude').reduce((t, r) => (r.unless?.test(t) ? t : t.replace(new RegExp(r.regex.source, 'g'), ` ${CLAUSE_MARK}`)), text);
      if (matcher.removeExclusions(text) !== replaced) differing.push(`exclusions on${text}`);
    }
    expect(differing.slice(0, 10)).toEqual([]);
  }, 300_000);
});
