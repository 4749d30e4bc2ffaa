import { fileURLToPath } from 'node:url';
import type { Bot } from '../../src/bot.js';
import type { RuntimeBot } from '../../src/runtime-bot.js';
import type { Session } from '../../src/conversation/session.js';
import type { Reply } from '../../src/conversation/reply.js';
import type { AfterTurn, Sender } from '../../src/conversation/handle-message.js';
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

/** Replies as one plain text, options numbered, for "contains" assertions. */
export function replyText(replies: Reply[]): string {
  return replies
    .map((r) => [r.text, ...(r.options ?? []).map((o, i) => `${i + 1}. ${o}`)].filter(Boolean).join('\n'))
    .join('\n---\n');
}

/** A resident texting the engine directly, turn by turn, with a controllable clock. */
export class Resident {
  session: Session | null = null;
  now = Date.parse('2026-11-23T10:00:00Z');
  last: Reply[] = [];
  constructor(
    private readonly bot: Bot,
    /** The host's work after each turn (e.g. the callback stage), as the server runs it. */
    private readonly host: { afterTurn?: AfterTurn; sender?: Sender; conversationId?: string } = {},
  ) {}

  async says(text: string, extra: { mediaCount?: number; carrierOptOut?: 'STOP' | 'START' | 'HELP' } = {}): Promise<string> {
    this.now += 30_000;
    const result = await this.bot.engine.runTurn({ session: this.session, message: { text, ...extra }, now: this.now });
    const { afterTurn, sender, conversationId = 'resident' } = this.host;
    await afterTurn?.({ conversationId, ...(sender ? { sender } : {}), result, now: this.now });
    this.session = result.session;
    this.last = result.replies;
    return replyText(result.replies);
  }
}
