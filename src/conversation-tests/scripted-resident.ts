import type { Bot } from '../bot.js';
import type { InboundText, TurnEvent, TurnResult } from '../conversation/engine.js';
import type { AfterTurn } from '../conversation/handle-message.js';
import type { Reply } from '../conversation/reply.js';
import type { Session } from '../conversation/session.js';
import type { Scalar } from '../flow/flow-schema.js';
import type { Contact } from '../followups/follow-up-records.js';

/** Replies as one plain text, options numbered, for "contains" checks. */
export function replyText(replies: Reply[]): string {
  return replies
    .map((r) => [r.text, ...(r.options ?? []).map((o, i) => `${i + 1}. ${o}`)].filter(Boolean).join('\n'))
    .join('\n---\n');
}

/**
 * A resident texting the engine directly, turn by turn, with a clock the script controls. Plays the host's
 * part for follow-ups too: what a turn asks to schedule is kept here, and `followUpDue` delivers it when its
 * time comes.
 */
export class Resident {
  session: Session | null = null;
  now = Date.parse('2026-11-23T10:00:00Z');
  last: Reply[] = [];
  lastResult: TurnResult | null = null;
  readonly scheduled = new Map<string, { dueAt: number; vars: Record<string, Scalar> }>();
  constructor(
    private readonly bot: Bot,
    /** The host's work after each turn (e.g. the callback stage), as the server runs it. */
    private readonly host: { afterTurn?: AfterTurn; contact?: Contact; conversationId?: string } = {},
  ) {}

  says(text: string, extra: Omit<InboundText, 'text'> = {}): Promise<string> {
    return this.turn({ message: { text, ...extra } });
  }

  /** Something other than a message happens (a campaign, a carrier opt-out); follow-ups go through `followUpDue`. */
  receives(event: TurnEvent): Promise<string> {
    return this.turn({ event });
  }

  /** The clock moves on to when the scheduled follow-up is due (if later), and it arrives. */
  followUpDue(followUp: string): Promise<string> {
    const job = this.scheduled.get(followUp);
    if (!job) throw new Error(`nothing called '${followUp}' is scheduled (scheduled: ${[...this.scheduled.keys()].join(', ') || 'nothing'})`);
    this.scheduled.delete(followUp);
    this.now = Math.max(this.now, job.dueAt - 30_000);
    return this.turn({ event: { kind: 'follow_up_due', followUp, jobId: `test:${followUp}`, vars: job.vars } });
  }

  private async turn(input: { message: InboundText } | { event: TurnEvent }): Promise<string> {
    this.now += 30_000;
    const result = await this.bot.engine.runTurn({ session: this.session, now: this.now, ...input });
    const { afterTurn, contact, conversationId = 'resident' } = this.host;
    const afterReply: (() => void)[] = [];
    await afterTurn?.({ conversationId, ...(contact ? { contact } : {}), result, now: this.now, afterReply: (work) => afterReply.push(work) });
    afterReply.forEach((work) => work());
    for (const action of result.actions) {
      if (action.type === 'cancel_follow_ups') this.scheduled.clear();
      else this.scheduled.set(action.followUp, { dueAt: action.dueAt, vars: action.vars });
    }
    this.session = result.session;
    this.last = result.replies;
    this.lastResult = result;
    return replyText(result.replies);
  }
}
