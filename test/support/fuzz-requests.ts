import fc from 'fast-check';
import { ACCOUNT_SID, sign } from './test-server.js';

/**
 * Generated webhook requests for the fuzz suite and `npm run bench:attack`: arbitrary and Twilio-shaped forms,
 * odd charsets and encodings, raw bodies, signed and unsigned, odd request ids and idempotency tokens.
 */
const fieldNames = fc.constantFrom('MessageSid', 'SmsMessageSid', 'AccountSid', 'From', 'To', 'Body', 'NumMedia', 'OptOutType', 'ButtonText', 'ButtonPayload', 'MessageStatus', 'ErrorCode', 'WaId', 'ProfileName');
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', ' ', '0', '-1', '1e+23', 'NaN', 'whatsapp:', 'whatsapp:+447700900123', '+447700900123', '+4477009001230000000', ACCOUNT_SID, 'STOP', 'START', 'delete', 'yes', '%', '%zz', '\u0000', '\ud800', 'a'.repeat(5000)),
);
const anyForm = fc.dictionary(fc.oneof(fieldNames, fc.string({ maxLength: 20 })), nasty, { maxKeys: 12 });
/** Twilio-shaped forms with fuzzed values, so generated requests also reach the conversation. */
const phone = fc.integer({ min: 0, max: 999 }).map((n) => `+447700900${String(n).padStart(3, '0')}`);
const plausibleForm = fc
  .record({
    MessageSid: fc.oneof(fc.stringMatching(/^SM[0-9a-f]{32}$/), nasty),
    AccountSid: fc.oneof(fc.constant(ACCOUNT_SID), nasty),
    From: fc.oneof(phone, phone.map((p) => `whatsapp:${p}`), nasty),
    To: fc.constantFrom('+447700900000', 'whatsapp:+447700900000'),
    Body: fc.oneof(nasty, fc.constantFrom('hi', '1', '2', 'menu', 'back', 'delete', 'yes', 'S60 1AE', 'I want to die', 'more')),
    NumMedia: fc.oneof(fc.constant('0'), nasty),
    MessageStatus: fc.oneof(fc.constantFrom('failed', 'undelivered', 'delivered'), nasty),
    ErrorCode: fc.oneof(fc.constantFrom('21610', '63016', '30007'), fc.stringMatching(/^\d{0,30}$/), nasty),
  }, { requiredKeys: ['MessageSid', 'AccountSid', 'From', 'To'] });
const form = fc.oneof(anyForm, plausibleForm.map((f) => f as Record<string, string>));
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=utf-7',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/x-www-form-urlencoded; charset=utf-16le',
  'application/x-www-form-urlencoded; charset=koi8-r',
  'application/x-www-form-urlencoded; charset=',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'x/y; a=b; c',
  '',
);
const contentEncoding = fc.constantFrom(undefined, 'identity', 'gzip', 'deflate', 'br', 'compress', 'x-unknown');
export const fuzzedRequest = fc.record({
  path: fc.constantFrom('/twilio/messages', '/twilio/status'),
  form,
  rawBody: fc.option(fc.string({ unit: 'binary', maxLength: 2000 }), { freq: 4 }),
  contentType: fc.oneof({ weight: 1, arbitrary: contentType }, { weight: 2, arbitrary: fc.constant('application/x-www-form-urlencoded') }),
  contentEncoding: fc.oneof({ weight: 1, arbitrary: contentEncoding }, { weight: 2, arbitrary: fc.constant(undefined) }),
  signed: fc.boolean(),
  requestId: fc.option(fc.string({ maxLength: 80 })),
  idempotencyToken: fc.option(fc.string({ maxLength: 200 })),
});


export type FuzzedRequest = typeof fuzzedRequest extends fc.Arbitrary<infer T> ? T : never;

/** What to send for one generated request: path, headers and body. */
export function toHttpRequest(r: FuzzedRequest): { path: string; headers: Record<string, string>; body: string } {
  const body = r.rawBody ?? new URLSearchParams(r.form).toString();
  const headers: Record<string, string> = {};
  if (r.contentType) headers['content-type'] = r.contentType;
  if (r.contentEncoding) headers['content-encoding'] = r.contentEncoding;
  // Signed over the form as parsed, as Twilio signs it; a raw body keeps whatever signature it gets.
  if (r.signed) headers['x-twilio-signature'] = sign(r.path, r.form);
  const printable = (v: string) => v.replace(/[^\x20-\x7e]/g, '');
  if (r.requestId !== null) headers['x-request-id'] = printable(r.requestId);
  if (r.idempotencyToken !== null) headers['i-twilio-idempotency-token'] = printable(r.idempotencyToken);
  return { path: r.path, headers, body };
}

/** A stack trace, or a file and line, in an answer. */
export const STACK_TRACE = /\bat .+:\d+:\d+|\.(ts|js):\d+|Error:/;
