/**
 * What body-parser (and the HTTP layer under it) reports for a request that could not be read, as a status and
 * a plain answer. All of them are the client's doing: answered with a 4xx, counted, never logged as unexpected.
 */
const CLIENT_ERRORS: Record<string, { status: number; kind: string; message: string }> = {
  'entity.too.large': { status: 413, kind: 'too_large', message: 'Payload too large: the limit is {limit}.' },
  'charset.unsupported': { status: 415, kind: 'unsupported_charset', message: 'Unsupported charset: send UTF-8.' },
  'encoding.unsupported': { status: 415, kind: 'unsupported_encoding', message: 'Unsupported Content-Encoding: send gzip, deflate, br or none.' },
  'request.aborted': { status: 400, kind: 'aborted', message: 'Bad request: the body was cut short.' },
  'request.size.invalid': { status: 400, kind: 'bad_length', message: 'Bad request: the body does not match its Content-Length.' },
  'entity.parse.failed': { status: 400, kind: 'bad_request', message: 'Bad request: the body could not be read.' },
  'parameters.too.many': { status: 400, kind: 'bad_request', message: 'Bad request: the body could not be read.' },
};

export interface ClientError {
  status: number;
  /** A metric label: one of a few fixed words. */
  kind: string;
  message: string;
}

/** The answer for a client's mistake, or null for a fault of ours. */
export function describeClientError(error: unknown, limit: string): ClientError | null {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  const known = typeof type === 'string' ? CLIENT_ERRORS[type] : undefined;
  if (known) return { ...known, message: known.message.replace('{limit}', limit) };
  // Any other 4xx from the body reader (a malformed header, say): still the client's, in plain words.
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, kind: 'bad_request', message: 'Bad request: the body could not be read.' };
  return null;
}
