import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseYamlBytes, YamlFile } from '../../src/authoring/yaml-file.js';
import { readYamlParseCache, writeYamlParseCache } from '../../src/authoring/yaml-parse-cache.js';
import { REPO_ROOT } from '../support/test-bot.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-yaml-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yamlFilesUnder = (folder: string) =>
  readdirSync(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));

describe('the YAML parse cache made at build', () => {
  it('gives exactly what parsing gives, data and lines, for every flow, content and safety file', () => {
    const files = ['flows', 'content', 'src/safety'].flatMap(yamlFilesUnder);
    const cacheFile = join(dir, 'all.json');
    expect(writeYamlParseCache(cacheFile, files, parseYamlBytes).skipped).toEqual([]);
    const cache = readYamlParseCache(cacheFile);
    for (const file of files) {
      const raw = readFileSync(file);
      expect(cache.lookup(raw), file).toEqual((parseYamlBytes(raw) as { parsed: unknown }).parsed);
    }
  });

  it('does not answer for a file edited since the build, which is parsed again (a comms edit applies)', () => {
    const file = join(dir, 'welcome.yaml');
    writeFileSync(file, readFileSync(join(REPO_ROOT, 'content/en/welcome.yaml')));
    const cacheFile = join(dir, 'welcome.json');
    writeYamlParseCache(cacheFile, [file], parseYamlBytes);
    const edited = Buffer.from(readFileSync(file, 'utf8').replace('this is {service_name}', 'this is {service_name}, edited'));
    expect(readYamlParseCache(cacheFile).lookup(readFileSync(file))).toBeDefined();
    expect(readYamlParseCache(cacheFile).lookup(edited)).toBeUndefined();
  });

  it('leaves out a file with a mistake, so its reader still reports it with its line', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'messages:\n  hello: Hi\n\tbye: Bye\n');
    const cacheFile = join(dir, 'broken.json');
    expect(writeYamlParseCache(cacheFile, [file], parseYamlBytes).skipped).toEqual([file]);
    expect(readYamlParseCache(cacheFile).lookup(readFileSync(file))).toBeUndefined();
    expect(YamlFile.read(file, dir)).toMatchObject({ issue: { file: 'broken.yaml', line: 3, message: 'this line is indented with a tab' } });
  });

  it('is no cache at all when its file is missing or not one', () => {
    const garbled = join(dir, 'garbled.json');
    writeFileSync(garbled, '{"version": 1, "entr');
    for (const path of [join(dir, 'missing.json'), garbled]) expect(readYamlParseCache(path).lookup(Buffer.from('a: 1\n'))).toBeUndefined();
  });

  it('points at the line of any key or list item, or of the deepest one that exists', () => {
    const file = join(dir, 'lines.yaml');
    writeFileSync(file, 'flow: talk\nsteps:\n  start:\n    say: talk.intro\n    options:\n      - a\n      - b\n');
    const read = YamlFile.read(file, dir);
    if (!('file' in read)) throw new Error('expected a file');
    expect(read.file.lineOf([])).toBe(1);
    expect(read.file.lineOf(['steps', 'start', 'say'])).toBe(4);
    expect(read.file.lineOf(['steps', 'start', 'options', 1])).toBe(7);
    expect(read.file.lineOf(['steps', 'start', 'options', 5])).toBe(5);
    expect(read.file.lineOf(['steps', 'start', 'missing', 'deeper'])).toBe(3);
  });
});
