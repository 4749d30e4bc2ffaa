import { townKey, type Town } from './directory.js';
import type { GeoData, Point } from './geo-data.js';
import { parsePostcode, postcodeKey } from './postcode.js';

export type GeocodeResult =
  | { status: 'found'; lat: number; lon: number; label: string; precision: 'postcode' | 'district' | 'town' }
  | { status: 'not_in_gb'; region: 'northern_ireland' | 'channel_islands' | 'isle_of_man' }
  | { status: 'unknown_postcode' }
  | { status: 'unknown_place' }
  | { status: 'ask_town'; towns: string[] };

export type Geocode = (input: string) => Promise<GeocodeResult>;

export interface GeocoderOptions {
  geo: GeoData;
  /** Read on every call so a directory reload brings its towns with it. */
  towns: () => readonly Town[];
  /** postcodes.io-compatible base URL (POSTCODE_LOOKUP_URL); asked only when the offline data has no answer. */
  onlineUrl?: string;
  onlineTimeoutMs?: number;
  /** What residents type when they don't know their postcode (matched after lower-casing and trimming). */
  unsurePhrases?: readonly string[];
}

/** Postcode areas outside Great Britain, which our GB data does not cover. */
const NOT_IN_GB: Record<string, 'northern_ireland' | 'channel_islands' | 'isle_of_man'> = {
  BT: 'northern_ireland',
  GY: 'channel_islands',
  JE: 'channel_islands',
  IM: 'isle_of_man',
};

/** Recognised, never shown: replies residents give when they don't know their postcode. */
const DEFAULT_UNSURE = ["don't know", 'dont know', 'do not know', 'not sure', 'no idea', 'dunno', 'idk', '?', 'unsure'];

export function createGeocoder(options: GeocoderOptions): Geocode {
  const { geo, onlineUrl, onlineTimeoutMs = 1500 } = options;
  const unsure = new Set((options.unsurePhrases ?? DEFAULT_UNSURE).map((p) => p.toLowerCase()));
  const found = (p: Point, label: string, precision: 'postcode' | 'district' | 'town'): GeocodeResult => ({
    status: 'found',
    lat: p.latitude,
    lon: p.longitude,
    label,
    precision,
  });
  const askOnline = async (path: string) => (onlineUrl ? lookUpOnline(onlineUrl, path, onlineTimeoutMs) : undefined);

  return async (input) => {
    const text = input.trim().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
    if (unsure.has(text.toLowerCase().replace(/[.!]+$/, ''))) {
      return { status: 'ask_town', towns: options.towns().map((t) => t.name) };
    }
    const postcode = parsePostcode(text);
    if (postcode) {
      const region = NOT_IN_GB[postcode.area];
      if (region) return { status: 'not_in_gb', region };
      const district = geo.districts.get(postcode.outcode);
      if (postcode.kind === 'unit') {
        const unit = geo.units.get(postcodeKey(postcode.formatted)) ?? (await askOnline(`postcodes/${postcodeKey(postcode.formatted)}`));
        if (unit) return found(unit, postcode.formatted, 'postcode');
        return district ? found(district, postcode.outcode, 'district') : { status: 'unknown_postcode' };
      }
      const point = district ?? (await askOnline(`outcodes/${postcode.outcode}`));
      return point ? found(point, postcode.outcode, 'district') : { status: 'unknown_postcode' };
    }
    const town = options.towns().find((t) => t.key === townKey(text));
    if (!town) return { status: 'unknown_place' };
    const point = townPoint(town, geo);
    return point ? found(point, town.name, 'town') : { status: 'unknown_place' };
  };
}

/** A town's venues' centre; failing that, where its postcodes (or their districts) are. */
function townPoint(town: Town, geo: GeoData): Point | undefined {
  if (town.latitude !== undefined && town.longitude !== undefined) return { latitude: town.latitude, longitude: town.longitude };
  for (const code of town.postcodes) {
    const parsed = parsePostcode(code);
    if (!parsed) continue;
    const point = geo.units.get(postcodeKey(code)) ?? geo.districts.get(parsed.outcode);
    if (point) return point;
  }
  return undefined;
}

/**
 * postcodes.io answers `{ status: 200, result: { latitude, longitude } }`; anything else counts as no answer.
 * The race makes the timeout hold even if the HTTP layer ignores the abort signal.
 */
async function lookUpOnline(baseUrl: string, path: string, timeoutMs: number): Promise<Point | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timedOut = new Promise<undefined>((resolve) => controller.signal.addEventListener('abort', () => resolve(undefined)));
  const request = async (): Promise<Point | undefined> => {
    const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/${path}`, { signal: controller.signal });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { result?: { latitude?: unknown; longitude?: unknown } };
    const { latitude, longitude } = body.result ?? {};
    return typeof latitude === 'number' && typeof longitude === 'number' ? { latitude, longitude } : undefined;
  };
  try {
    return await Promise.race([request().catch(() => undefined), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
