import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { createIntentClassifier, createKeywordClassifier, type IntentsFile } from '../../src/nlu/index.js';

const intents: IntentsFile = { interest: { walking: ['walking'], gardening_nature: ['gardening'] }, yes_no: { yes: ['yes'], no: ['no'] } };
const keyword = createKeywordClassifier(new Map([['en', intents]]));
const fake = (response: string, sleep?: number) => new FakeListChatModel({ responses: [response], ...(sleep ? { sleep } : {}) });
const request = { text: 'I fancy a bit of walking, maybe with plants', locale: 'en', set: 'interest' };

describe('intent classifier', () => {
  it('uses the model when it answers with an allowed id', async () => {
    const classifier = createIntentClassifier({ keyword, model: fake('{"intent":"gardening_nature","confidence":0.9}') });
    expect(await classifier.classify(request)).toEqual({ intent: 'gardening_nature', confidence: 0.9, source: 'llm' });
  });

  it('falls back to keywords when the model names an id outside the set', async () => {
    const classifier = createIntentClassifier({ keyword, model: fake('{"intent":"karaoke","confidence":0.99}') });
    expect(await classifier.classify(request)).toMatchObject({ intent: 'walking', source: 'keyword' });
  });

  it('falls back to keywords on malformed JSON', async () => {
    const classifier = createIntentClassifier({ keyword, model: fake('sure! the answer is walking') });
    expect(await classifier.classify(request)).toMatchObject({ intent: 'walking', source: 'keyword' });
  });

  it('falls back to keywords when the model is unsure', async () => {
    const classifier = createIntentClassifier({ keyword, model: fake('{"intent":"gardening_nature","confidence":0.3}'), minConfidence: 0.6 });
    expect(await classifier.classify(request)).toMatchObject({ intent: 'walking', source: 'keyword' });
  });

  it('falls back to keywords when the model is too slow', async () => {
    const classifier = createIntentClassifier({ keyword, model: fake('{"intent":"gardening_nature","confidence":0.9}', 500), timeoutMs: 20 });
    const started = Date.now();
    expect(await classifier.classify(request)).toMatchObject({ intent: 'walking', source: 'keyword' });
    expect(Date.now() - started).toBeLessThan(450);
  });

  it('returns null when neither the model nor the keywords know', async () => {
    const classifier = createIntentClassifier({ keyword, model: fake('{"intent":"karaoke","confidence":0.99}') });
    expect(await classifier.classify({ text: 'hmm', locale: 'en', set: 'interest' })).toBeNull();
  });

  it('skips the model for an exact phrase and works without any model', async () => {
    const model = fake('{"intent":"no","confidence":0.99}');
    expect(await createIntentClassifier({ keyword, model }).classify({ text: 'Yes', locale: 'en', set: 'yes_no' })).toMatchObject({ intent: 'yes', source: 'keyword' });
    expect(await createIntentClassifier({ keyword }).classify(request)).toMatchObject({ intent: 'walking', source: 'keyword' });
  });
});
