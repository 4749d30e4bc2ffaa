import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkClassifierAtBuild, loadClassifierModel, type ClassifierModel } from '../../src/safety/classifier-model.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-classifier-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = fileURLToPath(new URL('../../src/safety/model/classifier.json', import.meta.url));

/** The same model: every field, and the weights' codes compared as bytes (toEqual is slow on 1.5 million of them). */
function expectSameModel(actual: ClassifierModel, expected: ClassifierModel) {
  const codesOf = (m: ClassifierModel) => ('codes' in m.weights ? Buffer.from(m.weights.codes) : null);
  expect({ ...actual, weights: 'values' in actual.weights ? actual.weights.values : null }).toEqual({ ...expected, weights: 'values' in expected.weights ? expected.weights.values : null });
  expect(codesOf(actual)?.equals(codesOf(expected)!)).toBe(true);
}

describe('the safety classifier packed at build', () => {
  const fromJson = loadClassifierModel(shipped);

  it('is read exactly as the JSON model is', () => {
    const copy = join(dir, 'classifier.json');
    copyFileSync(shipped, copy);
    checkClassifierAtBuild(copy);
    expect(readFileSync(`${copy}.packed`).length).toBeGreaterThan(0);
    expectSameModel(loadClassifierModel(copy), fromJson);
  });

  it('is not trusted for a model edited after the build, nor when damaged: the JSON is read, and checked', () => {
    const copy = join(dir, 'edited.json');
    copyFileSync(shipped, copy);
    checkClassifierAtBuild(copy);
    const edited = JSON.parse(readFileSync(shipped, 'utf8'));
    edited.classes[1] = 'karaoke';
    writeFileSync(copy, JSON.stringify(edited));
    expect(() => loadClassifierModel(copy)).toThrow(/karaoke/);

    const damaged = join(dir, 'damaged.json');
    copyFileSync(shipped, damaged);
    checkClassifierAtBuild(damaged);
    const packed = readFileSync(`${damaged}.packed`);
    writeFileSync(`${damaged}.packed`, packed.subarray(0, -1));
    expectSameModel(loadClassifierModel(damaged), fromJson);
    // One weight changed, the file as long as before.
    packed[packed.length - 1] = packed[packed.length - 1]! ^ 1;
    writeFileSync(`${damaged}.packed`, packed);
    expectSameModel(loadClassifierModel(damaged), fromJson);
  });
});
