import { createHmac } from 'node:crypto';
import type { SafetyHit } from './categories.js';

export interface DutyAlertOptions {
  /** The council's duty-team endpoint. */
  url: string;
  /** Shared secret for the HMAC signature. */
  secret: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

/** Only what the duty team needs to act: never message text or phone numbers. */
export interface DutyAlertEvent extends SafetyHit {
  at: Date;
  /** The pseudonymous conversation id, never the sender's number. */
  conversationId: string;
}

export type DutyAlertStatus = { ok: true; status: number } | { ok: false; status?: number; error: string };
export type DutyAlert = { send(event: DutyAlertEvent): Promise<DutyAlertStatus> };

export const SIGNATURE_HEADER = 'X-Signpost-Signature';
export const TIMESTAMP_HEADER = 'X-Signpost-Timestamp';

/**
 * Tell the council's duty team a safety reply was sent. Signed with HMAC-SHA256 of `<timestamp>.<raw body>`, so
 * the receiver can check it came from us and, the timestamp being signed too, reject old or replayed alerts.
 * Never throws: a failed alert must not stop the resident getting their reply, so the caller gets a status.
 */
export function createDutyAlert({ url, secret, fetch = globalThis.fetch, timeoutMs = 5000 }: DutyAlertOptions): DutyAlert {
  return {
    async send({ category, level, at, conversationId }) {
      // Build the body from named fields only, so nothing else a caller passes can leak into it.
      const body = JSON.stringify({ category, level, at: at.toISOString(), conversationId });
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            [SIGNATURE_HEADER]: `sha256=${sign(`${timestamp}.${body}`, secret)}`,
            [TIMESTAMP_HEADER]: timestamp,
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.name : 'unknown error' };
      }
    },
  };
}

export function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}
