import type { Transporter } from 'nodemailer';
import type { Translate } from '../content/translate.js';
import type { CallbackRequest } from './callback-request.js';
import type { NotificationSender } from './notifications.js';

export interface EmailNotifierOptions {
  smtpUrl: string;
  to: string;
  from: string;
  /** Where the inbox is, for the link: PUBLIC_BASE_URL. */
  publicBaseUrl: string;
  /** English words for the request's answers, from content (the team's language). */
  t: Translate;
}

/**
 * E-mails the team that a request arrived. Never the number or the name: e-mail is copied, forwarded and kept,
 * so it carries only what is needed to decide to open the inbox, where the number is revealed and logged.
 */
export function createEmailNotifier(options: EmailNotifierOptions): NotificationSender {
  // Fail within seconds rather than nodemailer's minutes: the dispatcher retries, and shutdown should not wait.
  // nodemailer is loaded with the first request to send, not when the server starts.
  let transport: Promise<Transporter> | undefined;
  const transportOf = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }),
    ));
  return async (request) => {
    await (await transportOf()).sendMail({
      from: options.from,
      to: options.to,
      subject: `New callback request: ${options.t(`callback.topic.${request.topic}`)}`,
      text: describeRequest(request, options),
    });
  };
}

function describeRequest(request: CallbackRequest, { t, publicBaseUrl }: EmailNotifierOptions): string {
  return [
    'A resident has asked someone local to get in touch.',
    '',
    `Asked at:  ${request.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    `Would like: ${t(`callback.method.${request.method}`)}`,
    `Best time: ${t(`callback.time.${request.bestTime}`)}`,
    `About:     ${t(`callback.topic.${request.topic}`)}`,
    `Language:  ${request.locale}`,
    `Channel:   ${request.channel}`,
    '',
    `Open it in the connector inbox: ${publicBaseUrl}/connect/requests/${request.id}`,
    'The number is shown only in the inbox, and every time it is shown is logged.',
  ].join('\n');
}
