import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../safety/duty-alert.js';
import type { NotificationSender } from './notifications.js';

/**
 * Posts each new request to a council's own case system, signed the same way as duty alerts
 * (X-Signpost-Signature: sha256=HMAC of "<timestamp>.<body>"). Like the e-mail, it carries no number or name.
 */
export function createWebhookNotifier(options: { url: string; secret: string; publicBaseUrl: string; fetch?: typeof globalThis.fetch; timeoutMs?: number }): NotificationSender {
  const post = options.fetch ?? globalThis.fetch;
  return async (request) => {
    const body = JSON.stringify({
      type: 'callback_request',
      id: request.id,
      createdAt: request.createdAt.toISOString(),
      method: request.method,
      bestTime: request.bestTime,
      topic: request.topic,
      locale: request.locale,
      channel: request.channel,
      inboxUrl: `${options.publicBaseUrl}/connect/requests/${request.id}`,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await post(options.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: `sha256=${sign(`${timestamp}.${body}`, options.secret)}`, [TIMESTAMP_HEADER]: timestamp },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  };
}
