import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageInfo, recordsOf } from './import-directory.js';

export interface FetchApiOptions {
  perPage?: number;
  /** Also GET /services/{id} for each listed service (list items lack schedules and locations). */
  fullRecords?: boolean;
  /** Guard against an API that never says it is on the last page. */
  maxPages?: number;
  timeoutMs?: number;
  /** Detail requests in flight at once. */
  concurrency?: number;
  /** Attempts after the first, for timeouts, 429 and 5xx answers. */
  retries?: number;
  /** First retry waits this long, doubling each time (plus jitter); a Retry-After header is honoured. */
  backoffMs?: number;
  /** Folder for fetched details, so a second run after an interruption only fetches what is missing. */
  cacheDir?: string;
  /** Cached details older than this are fetched again. */
  cacheMaxAgeMs?: number;
  onProgress?: (progress: { phase: 'list' | 'details'; done: number; total: number }) => void;
}

export interface FetchFailure {
  id: string;
  reason: string;
}

export type FetchApiResult =
  | { status: 'fatal'; reason: string }
  | { status: 'done'; records: unknown[]; failures: FetchFailure[]; fromCache: number };

const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Read every service from an ORUK 1.0/3.0 API base URL (e.g. https://directory.example.gov.uk/api): page through
 * /services, then fetch each service's detail with bounded concurrency. A detail that can't be fetched falls back
 * to its list item (and is reported); a list page that can't be fetched stops the import.
 */
export async function fetchOrukServices(baseUrl: string, options: FetchApiOptions = {}): Promise<FetchApiResult> {
  const { perPage = 100, fullRecords = true, maxPages = 1000, concurrency = 8 } = options;
  const base = baseUrl.replace(/\/+$/, '');
  const get = (url: string) => getJsonWithRetries(url, options);
  const listed: unknown[] = [];
  let totalPages: number | undefined;
  let zeroBased = false;
  for (let page = 1; page <= maxPages; page++) {
    const got = await get(`${base}/services?page=${page}&per_page=${perPage}`);
    if ('error' in got) return { status: 'fatal', reason: `page ${page} of the service list: ${got.error}` };
    const records = recordsOf(got.json);
    if (!records) return { status: 'fatal', reason: `page ${page}: ${base}/services did not answer with an Open Referral /services page` };
    if (page === 1 && (got.json as { first?: unknown }).first === false) {
      zeroBased = true;
      // A Spring (ORUK 1.0) API numbering pages from 0 says page 1 is not the first: fetch page 0 too.
      const zero = await get(`${base}/services?page=0&per_page=${perPage}`);
      if ('error' in zero) return { status: 'fatal', reason: `page 0 of the service list: ${zero.error}` };
      listed.push(...(recordsOf(zero.json) ?? []));
    }
    listed.push(...records);
    const info = pageInfo(got.json);
    totalPages = info.totalPages ?? totalPages;
    options.onProgress?.({ phase: 'list', done: page, total: totalPages ?? page });
    if (records.length === 0 || info.last === true || (totalPages !== undefined && page >= totalPages - (zeroBased ? 1 : 0))) break;
  }
  if (listed.length === 0) return { status: 'fatal', reason: `${base}/services lists no services` };
  if (!fullRecords) return { status: 'done', records: listed, failures: [], fromCache: 0 };

  const cache = options.cacheDir ? openCache(join(options.cacheDir, hash(base)), options.cacheMaxAgeMs ?? 24 * 3600_000) : undefined;
  // Slots keep the API's order, so reports and output are stable whatever the fetch timing.
  const records: unknown[] = listed.slice();
  const failures: FetchFailure[] = [];
  let next = 0;
  let done = 0;
  let fromCache = 0;
  const worker = async () => {
    while (next < listed.length) {
      const i = next++;
      const id = idOf(listed[i]);
      if (id !== undefined) {
        const cached = cache?.read(id);
        if (cached !== undefined) {
          records[i] = cached;
          fromCache++;
        } else {
          const got = await get(`${base}/services/${encodeURIComponent(id)}`);
          if ('error' in got) failures.push({ id, reason: `${got.error}; its list entry was used instead` });
          else if (idOf(got.json) !== id) failures.push({ id, reason: 'the detail answer is not this service; its list entry was used instead' });
          else {
            records[i] = got.json;
            cache?.write(id, got.json);
          }
        }
      }
      options.onProgress?.({ phase: 'details', done: ++done, total: listed.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, listed.length)) }, worker));
  return { status: 'done', records, failures, fromCache };
}

async function getJsonWithRetries(url: string, options: FetchApiOptions): Promise<{ json: unknown } | { error: string }> {
  const { retries = 4, backoffMs = 500, timeoutMs = 15_000 } = options;
  for (let attempt = 0; ; attempt++) {
    const got = await getJson(url, timeoutMs);
    if (!('error' in got) || !got.retry || attempt >= retries) return 'error' in got ? { error: got.error } : got;
    const wait = got.retryAfterMs ?? backoffMs * 2 ** attempt * (1 + Math.random() / 2);
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, MAX_RETRY_AFTER_MS)));
  }
}

async function getJson(url: string, timeoutMs: number): Promise<{ json: unknown } | { error: string; retry: boolean; retryAfterMs?: number }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return { error: timedOut ? `no answer within ${timeoutMs / 1000} s from ${url}` : `could not reach ${url} (${causeOf(error)})`, retry: true };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const retry = response.status === 429 || response.status >= 500;
    const after = Number(response.headers.get('retry-after'));
    const busy = response.status === 429 ? ' (too many requests)' : '';
    return { error: `HTTP ${response.status}${busy} from ${url}`, retry, ...(after > 0 ? { retryAfterMs: after * 1000 } : {}) };
  }
  try {
    return { json: await response.json() };
  } catch {
    return { error: `${url} did not answer with JSON`, retry: false };
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function idOf(record: unknown): string | undefined {
  const id = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** One JSON file per service, written beside and renamed, so an interrupted run never leaves half a file. */
function openCache(dir: string, maxAgeMs: number) {
  mkdirSync(dir, { recursive: true });
  const path = (id: string) => join(dir, `${hash(id)}.json`);
  return {
    read(id: string): unknown {
      try {
        if (Date.now() - statSync(path(id)).mtimeMs > maxAgeMs) return undefined;
        return JSON.parse(readFileSync(path(id), 'utf8'));
      } catch {
        return undefined;
      }
    },
    write(id: string, json: unknown): void {
      const temp = `${path(id)}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(json));
      renameSync(temp, path(id));
    },
  };
}
