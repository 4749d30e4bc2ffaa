import { pino, type Logger } from 'pino';

export type { Logger };

/** Fields that could hold a message or a phone number, at the top of a log line's object or one level down. */
const PRIVATE_FIELDS = new Set(['body', 'text', 'from', 'to', 'phone', 'Body', 'From', 'To', 'WaId', 'ProfileName']);
/** Request headers that carry a credential, under `req.headers`. */
const PRIVATE_HEADERS = new Set(['authorization', 'x-twilio-signature']);
const CENSOR = '[redacted]';

/**
 * Structured logs. We never pass message bodies or phone numbers to the logger; the redaction is a second
 * line of defence in case a future change does.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'signpost' }, formatters: { log: redact } }, destination);
}

/**
 * A log line's object with private fields replaced by "[redacted]": one pass over its fields, copying only
 * what changes. (pino's own `redact` ran a pass per listed path, about 6 µs a line, most of a line's cost.)
 */
export function redact(object: Record<string, unknown>): Record<string, unknown> {
  return censored(object, (key, value) => {
    if (PRIVATE_FIELDS.has(key)) return CENSOR;
    if (!isPlainObject(value)) return value;
    return censored(value, (inner, innerValue) => {
      if (PRIVATE_FIELDS.has(inner)) return CENSOR;
      if (key === 'req' && inner === 'headers' && isPlainObject(innerValue)) return censored(innerValue, (header, h) => (PRIVATE_HEADERS.has(header) ? CENSOR : h));
      return innerValue;
    });
  });
}

/** The object with each field's value as `censor` gives it; the same object when nothing changed. */
function censored(object: Record<string, unknown>, censor: (key: string, value: unknown) => unknown): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) continue;
    const replaced = censor(key, value);
    if (replaced !== value) (copy ??= { ...object })[key] = replaced;
  }
  return copy ?? object;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);
}
