import http from 'node:http';
import https from 'node:https';

/** What Twilio's SDK hands its HTTP client (the fields of its RequestClient.RequestOptions we use). */
export interface TwilioHttpRequest {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  data?: Record<string, unknown>;
  params?: Record<string, unknown>;
  timeout?: number;
}

export interface TwilioHttpClientOptions {
  /** Send to this base URL instead of https://*.twilio.com: an egress proxy, or a Twilio double in a benchmark. */
  baseUrl?: string;
  timeoutMs: number;
  /** Reuse connections: a follow-up worker sends thousands of messages to one host (no TLS handshake each). */
  keepAlive: boolean;
}

/**
 * The SDK's transport without axios: one node:http(s) request per call, form-encoded as Twilio expects. Twilio's
 * own RequestClient builds an axios config per message, the largest cost of a send in bench:followups; the SDK
 * (parameters, errors, paging) stays as it is.
 */
export function createTwilioHttpClient(options: TwilioHttpClientOptions) {
  const base = options.baseUrl?.replace(/\/+$/, '');
  const agents = { 'http:': new http.Agent({ keepAlive: options.keepAlive }), 'https:': new https.Agent({ keepAlive: options.keepAlive }) };
  return {
    request(opts: TwilioHttpRequest): Promise<{ statusCode: number; body: string; headers: http.IncomingHttpHeaders }> {
      const url = new URL(base ? opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, base) : opts.uri);
      if (opts.params) url.search = formOf(opts.params);
      const body = opts.data ? formOf(opts.data) : undefined;
      const headers: Record<string, string> = { ...opts.headers, Connection: options.keepAlive ? 'keep-alive' : 'close' };
      if (opts.username && opts.password) headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
      if (body !== undefined) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      const transport = url.protocol === 'http:' ? http : https;
      return new Promise((resolve, reject) => {
        const req = transport.request(url, { method: opts.method, headers, agent: agents[url.protocol === 'http:' ? 'http:' : 'https:'], timeout: opts.timeout ?? options.timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`Twilio did not answer within ${opts.timeout ?? options.timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body);
      });
    },
  };
}

/** Form encoding as Twilio's SDK sends it: a list repeats its key (qs' arrayFormat "repeat"). */
function formOf(fields: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, item instanceof Date ? item.toISOString() : String(item));
  }
  return form.toString();
}
