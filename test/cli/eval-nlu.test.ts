import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/test-bot.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-eval-nlu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function evalNlu(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/eval-nlu.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('npm run eval:nlu', () => {
  it('reports accuracy and silent misses by language, with phrases and the model or phrases only', () => {
    const file = join(dir, 'set.tsv');
    writeFileSync(file, 'life_event/job_loss\ten\tthey laid me off\nyes_no/yes\tur\tji haan\nnone/none\tpl\tjaka jest pogoda\n');
    const run = evalNlu('--file', file, '--quiet');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/phrases then the committed model: 3 utterances/);
    expect(run.stdout).toMatch(/en +1 +100\.0%/);
    expect(run.stdout).toMatch(/ur +1 +100\.0%/);
    expect(evalNlu('--file', file, '--quiet', '--keywords-only').stdout).toMatch(/phrases only/);
  });

  it('answers bad input with one clear line and exit code 2, no stack trace', () => {
    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, 'not a labelled line\n');
    for (const args of [['--file', bad], ['--file', join(dir, 'missing.tsv')], ['--cv', 'many'], ['--bogus']]) {
      const run = evalNlu(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
