import type { IncomingMessage } from 'node:http';
import { parse } from 'node:querystring';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The fields of a urlencoded form; a repeated field arrives as an array (as Twilio's signature expects). */
export type Form = Record<string, string | string[] | undefined>;

export interface FormLimits {
  /** Largest body accepted, in bytes (after any Content-Encoding is undone). */
  bytes: number;
  /** Most fields accepted. */
  fields: number;
}

/**
 * A request the body reader refused, described as body-parser describes it (`type` and `status`), so
 * client-errors.ts answers it the same whichever reader met it.
 */
export class FormError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
  ) {
    super(type);
    this.name = 'FormError';
  }
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
const CHARSETS: Record<string, BufferEncoding> = { 'utf-8': 'utf8', 'iso-8859-1': 'latin1' };
const DECODERS: Record<string, () => Transform> = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress };

/**
 * Read a urlencoded form, and only that: what the Twilio webhooks need, without a general body parser's
 * content negotiation. Another content type gives an empty form (the signature check then refuses it). Refuses,
 * as body-parser does, a charset other than UTF-8 (or ISO-8859-1), an unknown Content-Encoding, a body over
 * the limit, one that does not match its Content-Length, and too many fields.
 */
export async function readForm(req: IncomingMessage, limits: FormLimits): Promise<Form> {
  const contentType = req.headers['content-type'];
  if (!contentType || !isForm(contentType)) return {};
  const encoding = CHARSETS[charsetOf(contentType) ?? 'utf-8'];
  if (!encoding) throw new FormError('charset.unsupported', 415);
  const coding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decode = coding === 'identity' ? undefined : DECODERS[coding];
  if (coding !== 'identity' && !decode) throw new FormError('encoding.unsupported', 415);
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (!decode && declared !== undefined && declared > limits.bytes) throw new FormError('entity.too.large', 413);

  const body = await readAll(decode ? req.pipe(decode()) : req, req, limits.bytes);
  if (!decode && declared !== undefined && body.length !== declared) throw new FormError('request.size.invalid', 400);
  const text = body.toString(encoding);
  if (fieldCount(text) > limits.fields) throw new FormError('parameters.too.many', 400);
  return parse(text, '&', '=', { maxKeys: limits.fields }) as Form;
}

function isForm(contentType: string): boolean {
  const end = contentType.indexOf(';');
  return (end < 0 ? contentType : contentType.slice(0, end)).trim().toLowerCase() === FORM_TYPE;
}

function charsetOf(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

function fieldCount(text: string): number {
  if (!text) return 0;
  let count = 1;
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) count++;
  return count;
}

/** The whole body, refused once it passes `limit` bytes; a client that goes away mid-body is an aborted request. */
function readAll(stream: Readable, source: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const finish = (error: FormError | null) => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      if (error) {
        stream.resume();
        reject(error);
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) finish(new FormError('entity.too.large', 413));
      else chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(null));
    source.once('close', () => {
      if (!source.complete) finish(new FormError('request.aborted', 400));
    });
    // An error from the decompressor is a body that isn't what its Content-Encoding says; from the request, a broken upload.
    stream.once('error', () => finish(new FormError(stream === source ? 'request.aborted' : 'entity.parse.failed', 400)));
  });
}
