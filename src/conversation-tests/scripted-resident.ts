import type { Bot } from '../bot.js';
import type { Reply } from '../conversation/reply.js';
import type { Session } from '../conversation/session.js';

/** Replies as one plain text, options numbered, for "contains" checks. */
export function replyText(replies: Reply[]): string {
  return replies
    .map((r) => [r.text, ...(r.options ?? []).map((o, i) => `${i + 1}. ${o}`)].filter(Boolean).join('\n'))
    .join('\n---\n');
}

/** A resident texting the engine directly, turn by turn, with a clock the script controls. */
export class Resident {
  session: Session | null = null;
  now = Date.parse('2026-11-23T10:00:00Z');
  last: Reply[] = [];
  constructor(private readonly bot: Bot) {}

  async says(text: string, extra: { mediaCount?: number; carrierOptOut?: 'STOP' | 'START' | 'HELP' } = {}): Promise<string> {
    this.now += 30_000;
    const result = await this.bot.engine.runTurn({ session: this.session, message: { text, ...extra }, now: this.now });
    this.session = result.session;
    this.last = result.replies;
    return replyText(result.replies);
  }
}
