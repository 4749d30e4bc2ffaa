/**
 * TwiML answering a webhook with these message bodies, in order (an empty Response sends nothing). Written
 * directly rather than through twilio's XML builder, which cost more than the rest of a reply's rendering;
 * test/server/twiml.test.ts pins the output to the builder's for awkward text.
 */
export function toTwiml(bodies: readonly string[]): string {
  if (bodies.length === 0) return `${XML_DECLARATION}<Response/>`;
  return `${XML_DECLARATION}<Response>${bodies.map((b) => (b ? `<Message>${escapeText(b)}</Message>` : '<Message/>')).join('')}</Response>`;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Text content needs only these three escaped. XML 1.0 forbids most control characters: drop them. */
function escapeText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
