import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/authoring/author-issue.js';
import { loadRuntimeBot } from '../../src/runtime-bot.js';
import { REPO_ROOT } from '../support/test-bot.js';

/** Each broken flow sits beside the real flows and must produce exactly the error in its `# expect:` line. */
const brokenDir = join(REPO_ROOT, 'test', 'flow', 'broken');
const fixtures = readdirSync(brokenDir).filter((f) => f.endsWith('.yaml')).sort();
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function withExtraFlow(name: string): string {
  const root = mkdtempSync(join(tmpdir(), 'signpost-flows-'));
  made.push(root);
  cpSync(join(REPO_ROOT, 'flows'), join(root, 'flows'), { recursive: true });
  cpSync(join(brokenDir, name), join(root, 'flows', name));
  symlinkSync(join(REPO_ROOT, 'content'), join(root, 'content'));
  return root;
}

describe('flow checks name the file, the line and the fix', () => {
  it('the real flows load with no errors', async () => {
    const { bot, issues } = await loadRuntimeBot({ root: REPO_ROOT });
    expect(issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual([]);
    expect(bot).not.toBeNull();
  });

  for (const fixture of fixtures) {
    it(fixture, async () => {
      const expected = readFileSync(join(brokenDir, fixture), 'utf8').match(/^# expect: (.*)$/m)?.[1];
      expect(expected, 'fixture needs an "# expect:" line').toBeTruthy();
      const { bot, issues } = await loadRuntimeBot({ root: withExtraFlow(fixture) });
      expect(bot).toBeNull();
      expect(issues.map(formatIssue)).toContainEqual(expect.stringContaining(expected!));
    });
  }
});
