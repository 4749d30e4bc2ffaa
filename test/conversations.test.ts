import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../src/authoring/author-issue.js';
import { createScriptHosts } from '../src/conversation-tests/callback-host.js';
import { formatResult } from '../src/conversation-tests/format-results.js';
import { loadScripts } from '../src/conversation-tests/load-scripts.js';
import { runScript } from '../src/conversation-tests/run-script.js';
import { REPO_ROOT, testBot } from './support/test-bot.js';

/** The same loader, runner and callback stage as npm run conversations:test, one vitest test per script. */
const { scripts, issues } = loadScripts(join(REPO_ROOT, 'test', 'conversations'), REPO_ROOT);
const hosts = createScriptHosts();

describe('scripted conversations', () => {
  // Opened before the scripts: PGlite takes seconds to start, which no single script should pay for.
  beforeAll(() => hosts.open().then(() => undefined), 120_000);
  afterAll(() => hosts.close());

  it('every script can be read', () => {
    expect(issues.map(formatIssue)).toEqual([]);
    expect(scripts.length).toBeGreaterThan(5);
  });

  for (const [n, loaded] of scripts.entries()) {
    it(`${loaded.file}: ${loaded.script.title}`, async () => {
      const bot = await testBot();
      const result = await runScript(bot, loaded, hosts.hostFor(bot, n));
      expect(result.passed, formatResult(result)).toBe(true);
    });
  }
});
