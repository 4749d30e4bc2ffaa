/**
 * Twilio error codes that a status callback reports for a failed or undelivered message and that are worth
 * telling apart on a dashboard. Anything else is counted as `other`, so a caller cannot create metric series
 * at will (a code such as 1e+23 would otherwise become a label of its own).
 */
export const KNOWN_DELIVERY_ERROR_CODES: ReadonlySet<number> = new Set([
  21211, // invalid To number
  21408, // permission to send to this region not enabled
  21610, // the recipient opted out (STOP)
  21612, // cannot route to this number
  21614, // not a mobile number
  30001, // queue overflow
  30002, // account suspended
  30003, // unreachable handset
  30004, // message blocked
  30005, // unknown destination handset
  30006, // landline or unreachable carrier
  30007, // filtered as spam
  30008, // unknown error
  30010, // message price exceeds max price
  63003, // WhatsApp: channel could not find the To address
  63016, // WhatsApp: outside the 24-hour window, template needed
  63018, // WhatsApp: rate limit exceeded
  63024, // WhatsApp: invalid message recipient
]);

/** The label for a delivery failure: the code when it is one we know, otherwise `other`. */
export function deliveryErrorLabel(code: number): string {
  return KNOWN_DELIVERY_ERROR_CODES.has(code) ? String(code) : 'other';
}
