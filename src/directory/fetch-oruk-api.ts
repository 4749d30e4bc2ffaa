import { recordsOf } from './import-directory.js';

export interface FetchApiOptions {
  perPage?: number;
  /** Also GET /services/{id} for each listed service (list items lack schedules and locations). */
  fullRecords?: boolean;
  /** Guard against an API that never says it is on the last page. */
  maxPages?: number;
  timeoutMs?: number;
  concurrency?: number;
}

export type FetchApiResult = { status: 'fatal'; reason: string } | { status: 'done'; records: unknown[]; failures: { id: string; reason: string }[] };

/** Read every service from an ORUK 1.0/3.0 API base URL (e.g. https://directory.example.gov.uk/api). */
export async function fetchOrukServices(baseUrl: string, options: FetchApiOptions = {}): Promise<FetchApiResult> {
  const { perPage = 100, fullRecords = true, maxPages = 1000, timeoutMs = 15_000, concurrency = 8 } = options;
  const base = baseUrl.replace(/\/+$/, '');
  const listed: unknown[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const got = await getJson(`${base}/services?page=${page}&per_page=${perPage}`, timeoutMs);
    if ('error' in got) return { status: 'fatal', reason: `page ${page}: ${got.error}` };
    const records = recordsOf(got.json);
    if (!records) return { status: 'fatal', reason: `page ${page}: not an ORUK /services page` };
    listed.push(...records);
    if (records.length === 0 || isLastPage(got.json, page)) break;
  }
  if (!fullRecords) return { status: 'done', records: listed, failures: [] };

  const ids = listed.map((r) => String((r as { id?: unknown }).id ?? '')).filter(Boolean);
  // Slots keep the API's order, so reports and output are stable whatever the fetch timing.
  const slots: unknown[] = new Array(ids.length);
  const failures: { id: string; reason: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      const got = await getJson(`${base}/services/${encodeURIComponent(ids[i]!)}`, timeoutMs);
      if ('error' in got) failures.push({ id: ids[i]!, reason: got.error });
      else slots[i] = got.json;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  const records = slots.filter((r) => r !== undefined);
  return { status: 'done', records, failures };
}

/** 3.0 pages say `last_page` / `total_pages`; 1.0 (Spring) pages say `last` / `totalPages`. */
function isLastPage(json: unknown, page: number): boolean {
  const p = json as Record<string, unknown>;
  if (p.last_page === true || p.last === true) return true;
  const totalPages = typeof p.total_pages === 'number' ? p.total_pages : typeof p.totalPages === 'number' ? p.totalPages : undefined;
  return totalPages !== undefined && page >= totalPages;
}

async function getJson(url: string, timeoutMs: number): Promise<{ json: unknown } | { error: string }> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { error: `HTTP ${response.status} from ${url}` };
    return { json: await response.json() };
  } catch (error) {
    return { error: `${url}: ${(error as Error).message}` };
  }
}
