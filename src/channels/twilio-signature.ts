// The webhook helpers alone: the SDK's entry point loads its whole REST client, which the webhook never uses.
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';

export interface TwilioSignatureInput {
  authToken: string;
  /**
   * The URL Twilio called: PUBLIC_BASE_URL + the original path and query. Behind a proxy this is not the
   * host the request arrived on, and a signature checked against the internal URL never matches.
   */
  url: string;
  /** The form fields as posted; a repeated field arrives as an array. */
  params: Record<string, string | string[]>;
  /** The X-Twilio-Signature header. */
  signature: string | undefined;
}

/** True only for a request Twilio signed with this auth token; never throws (a bad URL is simply false). */
export function verifyTwilioSignature({ authToken, url, params, signature }: TwilioSignatureInput): boolean {
  if (!signature || !authToken) return false;
  try {
    return validateRequest(authToken, signature, url, params);
  } catch {
    return false;
  }
}
