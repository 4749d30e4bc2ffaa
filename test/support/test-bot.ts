import { fileURLToPath } from 'node:url';
import type { RuntimeBot } from '../../src/runtime-bot.js';
import { loadRuntimeBot } from '../../src/runtime-bot.js';
import { formatIssue } from '../../src/authoring/author-issue.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let cached: Promise<RuntimeBot> | undefined;

/** The real bot: the repository's flows, content, classifier and safety screen. */
export function testBot(): Promise<RuntimeBot> {
  cached ??= loadRuntimeBot({ root: REPO_ROOT }).then(({ bot, issues }) => {
    if (!bot) throw new Error(`flows/content have errors:\n${issues.map(formatIssue).join('\n')}`);
    return bot;
  });
  return cached;
}

export { Resident, replyText } from '../../src/conversation-tests/scripted-resident.js';
