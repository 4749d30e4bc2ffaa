import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. We never pass message bodies or phone numbers to the logger; the redaction is a second
 * line of defence in case a future change does.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'signpost' },
      redact: {
        paths: [
          'body', 'text', 'from', 'to', 'phone', 'Body', 'From', 'To', 'WaId', 'ProfileName',
          '*.body', '*.text', '*.from', '*.to', '*.phone', '*.Body', '*.From', '*.To', '*.WaId', '*.ProfileName',
          'req.headers.authorization', 'req.headers["x-twilio-signature"]',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
