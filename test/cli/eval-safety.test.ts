import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/test-bot.js';

const dir = mkdtempSync(join(tmpdir(), 'signpost-eval-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function evalSafety(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/eval-safety.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('npm run eval:safety', () => {
  it('reports recall by category and language, false positives by level and a confusion matrix for a file', () => {
    const file = join(dir, 'ours.tsv');
    // The older 3-column form is read too.
    writeFileSync(file, 'risk\tsuicide_self_harm\ti want to end it all tonight\nrisk\tabuse\ten\tmy husband hits me when he drinks\nsafe\t-\ten\tis there a knitting group on tuesdays\n');
    const run = evalSafety('--file', file);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/2 risky, 1 safe/);
    expect(run.stdout).toMatch(/recall \(any category, either level\): 100\.0% \(2\/2\)/);
    expect(run.stdout).toMatch(/suicide_self_harm +100\.0%/);
    expect(run.stdout).toMatch(/language en +100\.0%/);
    expect(run.stdout).toMatch(/false positives, clear: +0\.0%/);
    expect(run.stdout).toMatch(/confusion/);
  });

  it('answers a bad line with one clear line and exit code 2, no stack trace', () => {
    const file = join(dir, 'bad.tsv');
    writeFileSync(file, 'safe\t-\ten\tfine\nrisk\tsuicide\ten\tbad\n');
    const run = evalSafety('--file', file);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`${file}:2: unknown category 'suicide' (expected one of: suicide_self_harm, abuse, child_at_risk, emergency, harm_to_others)`);
    expect(evalSafety('--cv', 'x').stderr.trim()).toBe("--cv needs a whole number of folds from 2 to 20, not 'x'");
    expect(evalSafety('--file', join(dir, 'missing.tsv')).status).toBe(2);
  });
});
