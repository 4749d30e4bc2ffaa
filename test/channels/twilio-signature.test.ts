import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { verifyTwilioSignature } from '../../src/channels/twilio-signature.js';

// The worked example in Twilio's request-validation docs, also used by Twilio's own SDK test suites.
const authToken = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const documentedSignature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

/** The algorithm itself: HMAC-SHA1(token, url + each key+value in key order), base64. */
function handComputedSignature(token: string, fullUrl: string, fields: Record<string, string>): string {
  const data = fullUrl + Object.keys(fields).sort().map((key) => key + fields[key]).join('');
  return createHmac('sha1', token).update(data).digest('base64');
}

describe('verifyTwilioSignature', () => {
  it("accepts Twilio's documented example", () => {
    expect(verifyTwilioSignature({ authToken, url, params, signature: documentedSignature })).toBe(true);
  });

  it('pins the algorithm: a hand-computed HMAC-SHA1 matches the documented vector and a real webhook', () => {
    expect(handComputedSignature(authToken, url, params)).toBe(documentedSignature);
    const webhookUrl = 'https://bot.example.org/twilio/messages';
    const form = { MessageSid: 'SM0123456789abcdef0123456789abcdef', From: 'whatsapp:+447700900123', Body: 'Hi – there 👋', NumMedia: '0' };
    const signature = handComputedSignature('tok', webhookUrl, form);
    expect(signature).toBe(twilio.getExpectedTwilioSignature('tok', webhookUrl, form));
    expect(verifyTwilioSignature({ authToken: 'tok', url: webhookUrl, params: form, signature })).toBe(true);
  });

  it('rejects a forged or tampered request', () => {
    expect(verifyTwilioSignature({ authToken, url, params, signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url, params: { ...params, Digits: '9999' }, signature: documentedSignature })).toBe(false);
    expect(verifyTwilioSignature({ authToken: 'other-token', url, params, signature: documentedSignature })).toBe(false);
  });

  it('rejects a missing or empty signature', () => {
    expect(verifyTwilioSignature({ authToken, url, params, signature: undefined })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url, params, signature: '' })).toBe(false);
  });

  it('rejects the internal URL behind a proxy: Twilio signed the public one', () => {
    const publicUrl = 'https://signpost.example.gov.uk/twilio/messages';
    const form = { MessageSid: 'SM1', From: '+447700900123', Body: 'hello' };
    const signature = twilio.getExpectedTwilioSignature(authToken, publicUrl, form);
    expect(verifyTwilioSignature({ authToken, url: publicUrl, params: form, signature })).toBe(true);
    expect(verifyTwilioSignature({ authToken, url: 'http://10.0.3.7:3000/twilio/messages', params: form, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken, url: 'https://signpost.example.gov.uk/other', params: form, signature })).toBe(false);
  });

  it('returns false instead of throwing on a URL that does not parse', () => {
    expect(verifyTwilioSignature({ authToken, url: 'not a url', params, signature: documentedSignature })).toBe(false);
  });
});
