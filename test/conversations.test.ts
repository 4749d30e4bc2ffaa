import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../src/authoring/author-issue.js';
import { formatResult } from '../src/conversation-tests/format-results.js';
import { loadScripts } from '../src/conversation-tests/load-scripts.js';
import { runScript } from '../src/conversation-tests/run-script.js';
import { REPO_ROOT, testBot } from './support/test-bot.js';

/** The same loader and runner as npm run conversations:test, one vitest test per script. */
const { scripts, issues } = loadScripts(join(REPO_ROOT, 'test', 'conversations'), REPO_ROOT);

describe('scripted conversations', () => {
  it('every script can be read', () => {
    expect(issues.map(formatIssue)).toEqual([]);
    expect(scripts.length).toBeGreaterThan(5);
  });

  for (const loaded of scripts) {
    it(`${loaded.file}: ${loaded.script.title}`, async () => {
      const result = await runScript(await testBot(), loaded);
      expect(result.passed, formatResult(result)).toBe(true);
    });
  }
});
