import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CorpusError, parseCorpus, readCorpus } from '../../src/safety/corpus.js';
import { evaluateSafety, falsePositiveRate, ratio, SAFETY_THRESHOLDS } from '../../src/safety/evaluate.js';
import { createSafetyScreen, loadSafetyLexicon } from '../../src/safety/index.js';

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
const screen = createSafetyScreen(loadSafetyLexicon());
const show = (lines: { source: string; line: number; text: string }[]) => lines.map((m) => `${m.source.split('/').pop()}:${m.line}: ${m.text}`).join('\n');

describe('the labelled corpus', () => {
  const training = readCorpus(CORPUS, 'training');

  it('is big and varied enough to mean something', () => {
    const risky = training.filter((m) => m.label === 'risk');
    expect(training.length).toBeGreaterThanOrEqual(3000);
    expect(risky.length).toBeGreaterThanOrEqual(1200);
    expect(training.length - risky.length).toBeGreaterThanOrEqual(1500);
    expect(training.filter((m) => m.lang === 'pl').length).toBeGreaterThanOrEqual(300);
  });

  it(`is screened with recall ≥ ${SAFETY_THRESHOLDS.minRecall * 100}%, false positives ≤ ${SAFETY_THRESHOLDS.maxFalsePositiveRate * 100}% (≤ ${SAFETY_THRESHOLDS.maxClearFalsePositiveRate * 100}% clear)`, () => {
    const report = evaluateSafety(screen, training);
    expect(ratio(report.recall), show(report.misses)).toBeGreaterThanOrEqual(SAFETY_THRESHOLDS.minRecall);
    expect(falsePositiveRate(report, 'any'), show(report.falseAlarms)).toBeLessThanOrEqual(SAFETY_THRESHOLDS.maxFalsePositiveRate);
    expect(falsePositiveRate(report, 'clear'), show(report.falseAlarms.filter((f) => f.hit.level === 'clear'))).toBeLessThanOrEqual(SAFETY_THRESHOLDS.maxClearFalsePositiveRate);
  });

  it.each(readdirSync(CORPUS).filter((f) => f.endsWith('-ordinary.tsv')))('never triggers on a line of %s', (file) => {
    const lines = readCorpus(CORPUS, 'ordinary').filter((m) => m.source.endsWith(file));
    expect(lines.length).toBeGreaterThanOrEqual(100);
    const alarms = lines.filter((m) => screen(m.text));
    expect(show(alarms)).toBe('');
  });
});

describe('corpus files', () => {
  it('reads the 4-column form and the older 3-column form', () => {
    const read = parseCorpus('risk\tabuse\ten\the hits me\n# note\n\nsafe\t-\tpl\tod dawna\nrisk\tsuicide_self_harm\tchcę umrzeć\n', 'x.tsv');
    expect(read.map((m) => [m.label, m.category, m.lang, m.text])).toEqual([
      ['risk', 'abuse', 'en', 'he hits me'],
      ['safe', null, 'pl', 'od dawna'],
      ['risk', 'suicide_self_harm', 'pl', 'chcę umrzeć'],
    ]);
  });

  it('names the file and line of a bad one, in one line', () => {
    expect(() => parseCorpus('safe\t-\ten\tfine\nrisk\tsuicide\ten\tbad\n', 'x.tsv')).toThrow(
      new CorpusError("x.tsv:2: unknown category 'suicide' (expected one of: suicide_self_harm, abuse, child_at_risk, emergency, harm_to_others)"),
    );
    expect(() => parseCorpus('maybe\t-\ten\tx\n', 'y.tsv')).toThrow(/^y\.tsv:1: unknown label 'maybe'/);
    expect(() => parseCorpus('risk abuse en he hits me\n', 'z.tsv')).toThrow(/^z\.tsv:1: expected label<TAB>category<TAB>lang<TAB>text/);
  });
});
