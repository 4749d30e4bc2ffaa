import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkIntentModelAtBuild, DEFAULT_INTENT_MODEL, intentModelOf, loadIntentModel, storedIntentModelSchema } from '../../src/nlu/intent-model.js';
import { INTENT_SETS, type IntentRequest, type IntentSet } from '../../src/nlu/intent-sets.js';
import { loadIntents } from '../../src/nlu/load-intents.js';
import { REPO_ROOT } from '../support/test-bot.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-intent-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every phrase of every set in every language, and each with a typo and a word more: a few thousand requests.
const intents = loadIntents(REPO_ROOT);
const requests: IntentRequest[] = [...intents].flatMap(([locale, file]) =>
  (Object.keys(INTENT_SETS) as IntentSet[]).flatMap((set) =>
    Object.values((file[set] ?? {}) as Record<string, string[] | undefined>)
      .flatMap((phrases) => phrases ?? [])
      .flatMap((text) => [text, `${text.slice(1)} please`].map((t) => ({ set, locale, text: t.replace(/[@*]/g, '') }))),
  ),
);

describe('the intent model packed at build', () => {
  const shipped = fileURLToPath(DEFAULT_INTENT_MODEL);
  const fromJson = intentModelOf(storedIntentModelSchema.parse(JSON.parse(readFileSync(shipped, 'utf8'))), intents);

  it('predicts exactly what the JSON model predicts', () => {
    const copy = join(dir, 'intent-model.json');
    copyFileSync(shipped, copy);
    checkIntentModelAtBuild(copy);
    const packed = loadIntentModel(intents, copy);
    expect(requests.length).toBeGreaterThan(1000);
    for (const request of requests) expect(packed.predict(request), `${request.set} ${request.locale} "${request.text}"`).toEqual(fromJson.predict(request));
  });

  it('is not trusted when damaged (its weights zeroed, or cut short): the JSON is read instead', () => {
    // A model read once is kept by its digest: each case is the shipped model with a different number of
    // trailing newlines, so each reads its own packed file.
    const damage = (newlines: number, spoil: (packed: Buffer) => Buffer) => {
      const copy = join(dir, `damaged-${newlines}.json`);
      writeFileSync(copy, readFileSync(shipped, 'utf8') + '\n'.repeat(newlines));
      checkIntentModelAtBuild(copy);
      writeFileSync(`${copy}.packed`, spoil(readFileSync(`${copy}.packed`)));
      return loadIntentModel(intents, copy);
    };
    const zeroed = damage(1, (packed) => packed.fill(0, 4 + packed.readUInt32LE(0)));
    const cut = damage(2, (packed) => packed.subarray(0, -8));
    for (const request of requests.slice(0, 300)) {
      expect(zeroed.predict(request)).toEqual(fromJson.predict(request));
      expect(cut.predict(request)).toEqual(fromJson.predict(request));
    }
  });

  it('is not used for a model edited after the build: the JSON is read, and checked', () => {
    const copy = join(dir, 'edited.json');
    copyFileSync(shipped, copy);
    checkIntentModelAtBuild(copy);
    const edited = JSON.parse(readFileSync(shipped, 'utf8'));
    const set = Object.keys(edited.sets)[0]!;
    edited.sets[set].classes[1] = 'karaoke';
    writeFileSync(copy, JSON.stringify(edited));
    expect(() => loadIntentModel(intents, copy)).toThrow(/karaoke/);
  });
});
