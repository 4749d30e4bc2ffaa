import type { Translate } from '../content/translate.js';
import type { AfterTurn } from '../conversation/handle-message.js';
import type { Session } from '../conversation/session.js';
import { callbackMethodSchema, callbackTimeSchema, callbackTopicSchema } from './callback-request.js';
import type { CallbackRecords } from './callback-records.js';
import { contactHashFor } from './contact-hash.js';

/** Answers flows/callback.yaml saves. The flow sets `callback_submit` (or `callback_cancel`) when it is done. */
const VARS = ['callback_method', 'callback_time', 'callback_topic', 'callback_name', 'callback_submit', 'callback_cancel'] as const;

export interface CallbackStageOptions {
  /** The records, opened on first use (only turns that touch a request need them). */
  records: () => Promise<CallbackRecords>;
  idSecret: string;
  translate: (locale: string) => Translate;
  /** Run once the reply confirming a recorded request has gone (the team's notification): never inside the turn. */
  onRecorded?: () => void;
}

/**
 * The callback part of a turn, run after the engine inside the conversation's lock: record a request the flow
 * completed (number encrypted), cancel one, and withdraw or erase on STOP and DELETE. Turns that do none of
 * these touch no database.
 */
export function createCallbackStage(options: CallbackStageOptions): AfterTurn {
  return async ({ conversationId, contact, result, now, afterReply }) => {
    const who = { conversationId, contactHash: contactHashFor(options.idSecret, contact, conversationId) };
    const session = result.session;
    if (session === null) {
      await (await options.records()).erase(who);
      return;
    }
    if (result.events.some((e) => e.name === 'command' && e.props?.command === 'stop')) {
      forgetAnswers(session);
      await (await options.records()).withdraw(who, 'stop', new Date(now));
      return;
    }
    const t = options.translate(session.locale);
    if (session.vars.callback_cancel === true) {
      forgetAnswers(session);
      const withdrawn = await (await options.records()).withdraw(who, 'cancelled', new Date(now));
      result.replies.push({ text: t(withdrawn ? 'callback.cancelled' : 'callback.nothing_to_cancel') });
      return;
    }
    if (session.vars.callback_submit !== true) return;
    const answers = readAnswers(session);
    forgetAnswers(session);
    if (!answers) {
      // Only a flow edited out of step with this code gets here: say so calmly rather than keep half a request.
      result.replies.push({ text: t('callback.not_recorded') });
      return;
    }
    const outcome = await (await options.records()).record(
      { ...who, channel: contact?.channel ?? 'web', locale: session.locale, ...answers, phone: contact?.address ?? null },
      new Date(now),
    );
    if (outcome.status === 'already_open') {
      result.replies.push({ text: t('callback.already_open', { date: formatDate(outcome.createdAt, session.locale) }) });
      return;
    }
    if (options.onRecorded) afterReply(options.onRecorded);
    // The name is not said back: a turn's replies are kept (plainly, for a retried webhook), the name only encrypted.
    result.replies.push({ text: t(`callback.confirmed_${answers.method}`, { thanks: t('callback.thanks'), when: t(`callback.when.${answers.bestTime}`) }) });
  };
}

function readAnswers(session: Session) {
  const method = callbackMethodSchema.safeParse(session.vars.callback_method);
  const bestTime = callbackTimeSchema.safeParse(session.vars.callback_time);
  const topic = callbackTopicSchema.safeParse(session.vars.callback_topic);
  if (!method.success || !bestTime.success || !topic.success) return null;
  const name = session.vars.callback_name;
  return { method: method.data, bestTime: bestTime.data, topic: topic.data, firstName: typeof name === 'string' && name ? name : null };
}

/** The answers live in the session only until the request is recorded (or dropped). */
function forgetAnswers(session: Session): void {
  for (const name of VARS) delete session.vars[name];
}

/** How each language writes a date (Intl locale ids, not words). */
const DATE_LOCALES: Record<string, string> = { en: 'en-GB', pl: 'pl-PL', ur: 'ur-PK' };

function formatDate(date: Date, locale: string): string {
  return date.toLocaleDateString(DATE_LOCALES[locale] ?? 'en-GB', { day: 'numeric', month: 'long', timeZone: 'Europe/London' });
}
