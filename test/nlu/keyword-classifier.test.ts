import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKeywordClassifier, loadIntents, type IntentsFile } from '../../src/nlu/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const real = createKeywordClassifier(loadIntents(ROOT));

describe('keyword classifier', () => {
  const tiny: IntentsFile = {
    interest: { walking: ['walking', 'walking group'], gardening_nature: ['gardening', 'allotment*'], support_group: ['support group'], carers: ['carers support group'] },
    life_event: { bereavement: ['passed away', 'lost my husband'], job_loss: ['lost my job'], something_else: ['other'] },
  };
  const classifier = createKeywordClassifier(new Map([['en', tiny], ['pl', { interest: { walking: ['spacer*'] } }]]));

  it('matches whole words after normalising', () => {
    expect(classifier.classify({ text: 'My Husband PASSED-AWAY.', locale: 'en', set: 'life_event' })?.intent).toBe('bereavement');
    expect(classifier.classify({ text: 'sidewalking', locale: 'en', set: 'interest' })).toBeNull();
  });

  it('forgives small typos in longer words only', () => {
    expect(classifier.classify({ text: 'walkng', locale: 'en', set: 'interest' })?.intent).toBe('walking');
    expect(classifier.classify({ text: 'gardnening', locale: 'en', set: 'interest' })?.intent).toBe('gardening_nature');
    expect(classifier.classify({ text: 'talking', locale: 'en', set: 'interest' })).toBeNull();
  });

  it('lets the longest, most specific phrase win', () => {
    expect(classifier.classify({ text: 'a carers support group', locale: 'en', set: 'interest' })?.intent).toBe('carers');
    expect(classifier.classify({ text: 'i lost my job', locale: 'en', set: 'life_event' })?.intent).toBe('job_loss');
  });

  it('matches plurals and inflections of a phrase written once, preferring the exact word', () => {
    const stems = createKeywordClassifier(new Map([['en', { interest: { support_group: ['support group'], walking: ['walk'] }, life_event: { bereavement: ['passed'], rather_not_say: ['pass'] } }]]));
    expect(stems.classify({ text: 'any support groups?', locale: 'en', set: 'interest' })?.intent).toBe('support_group');
    expect(stems.classify({ text: 'walking', locale: 'en', set: 'interest' })?.intent).toBe('walking');
    expect(stems.classify({ text: 'pass', locale: 'en', set: 'life_event' })?.intent).toBe('rather_not_say');
    expect(stems.classify({ text: 'she passed', locale: 'en', set: 'life_event' })?.intent).toBe('bereavement');
  });

  it('reads a bare age by range at the age question, and nothing out of range', () => {
    const ages = createKeywordClassifier(new Map([['en', { age_group: { '65_plus': ['65 or over'] } }]]));
    const age = (text: string) => ages.classify({ text, locale: 'en', set: 'age_group' })?.intent ?? null;
    expect([age('19'), age("I'm 42"), age('72 next week'), age('65 or over')]).toEqual(['16_24', '25_64', '65_plus', '65_plus']);
    expect([age('age 250'), age('7'), age('old enough')]).toEqual([null, null, null]);
    expect(ages.classify({ text: '19', locale: 'en', set: 'interest' })).toBeNull();
  });

  it('never "corrects" a short word into another ("tax" is not "taxi")', () => {
    const short = createKeywordClassifier(new Map([['en', { interest: { transport: ['taxi'] } }]]));
    expect(short.classify({ text: 'council tax', locale: 'en', set: 'interest' })).toBeNull();
    expect(short.classify({ text: 'a taxy', locale: 'en', set: 'interest' })?.intent).toBe('transport');
  });

  it('prefers a specific answer to a catch-all one', () => {
    expect(classifier.classify({ text: 'my other half passed away', locale: 'en', set: 'life_event' })?.intent).toBe('bereavement');
  });

  it('returns every intent for a multi-intent text, best first, with confidences', () => {
    const all = classifier.classifyAll({ text: 'I like walking and gardening', locale: 'en', set: 'interest' });
    // Equally specific: the one said first leads.
    expect(all.map((m) => m.intent)).toEqual(['walking', 'gardening_nature']);
    for (const m of all) expect(m.confidence).toBeGreaterThan(0.3);
    expect(classifier.classify({ text: 'walking', locale: 'en', set: 'interest' })?.confidence).toBe(0.95);
  });

  it('matches word endings with * and falls back to English', () => {
    expect(classifier.classify({ text: 'lubię spacery', locale: 'pl', set: 'interest' })?.intent).toBe('walking');
    expect(classifier.classify({ text: 'gardening', locale: 'pl', set: 'interest' })?.intent).toBe('gardening_nature');
    expect(classifier.classify({ text: 'walking', locale: 'xx', set: 'interest' })?.intent).toBe('walking');
    expect(classifier.classify({ text: 'walking', locale: 'en', set: 'no_such_set' })).toBeNull();
  });

  it('reads the real content files', () => {
    expect(real.classify({ text: 'go on then', locale: 'en', set: 'yes_no' })?.intent).toBe('yes');
    expect(real.classify({ text: "no thanks", locale: 'en', set: 'yes_no' })?.intent).toBe('no');
    expect(real.classify({ text: "I can't get out much", locale: 'en', set: 'need' })?.intent).toBe('cant_get_out');
    expect(real.classify({ text: 'zmarł mi mąż', locale: 'pl', set: 'life_event' })?.intent).toBe('bereavement');
    expect(real.classifyAll({ text: 'knitting, walking and a lunch club', locale: 'en', set: 'interest' }).map((m) => m.intent).sort()).toEqual(['arts_crafts', 'lunch_club', 'walking']);
  });
  it('reads doubt at a yes/no question as no answer, in every language, but keeps it as "no preference" elsewhere', () => {
    for (const [text, locale] of [['not sure', 'en'], ['i dont know', 'en'], ['ahm no sure', 'en'], ['mebbe', 'en'], ['maybe', 'en'], ['nie jestem pewna', 'pl'], ['nie wiem', 'pl'], ['pata nahi', 'ur'], ['شاید', 'ur']] as const) {
      expect(real.classify({ text, locale, set: 'yes_no' }), `${locale}: ${text}`).toBeNull();
      expect(real.read({ text, locale, set: 'yes_no' }).offTopic, `${locale}: ${text}`).toBe(true);
    }
    expect(real.classify({ text: 'sure', locale: 'en', set: 'yes_no' })?.intent).toBe('yes');
    expect(real.classify({ text: 'maybe later', locale: 'en', set: 'yes_no' })?.intent).toBe('no');
    expect(real.classify({ text: 'not sure', locale: 'en', set: 'interest' })?.intent).toBe('no_preference');
  });
});
