import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { postcodeKey } from './postcode.js';

export interface Point {
  latitude: number;
  longitude: number;
}

/** Postcode lookups, keyed without spaces ("S651DA", "S65"). Loaded once at start, never per query. */
export interface GeoData {
  units: ReadonlyMap<string, Point>;
  districts: ReadonlyMap<string, Point>;
}

export const DEFAULT_GEO_DIR = 'content/geo';
export const DISTRICTS_FILE = 'outcodes.csv';
/** Every `postcodes*.csv` in the folder is loaded, so a council's own import sits beside the sample. */
export const UNITS_FILE_PATTERN = /^postcodes.*\.csv$/;

export function loadGeoData(dir = DEFAULT_GEO_DIR): GeoData {
  const units = new Map<string, Point>();
  for (const name of readdirSync(dir).filter((f) => UNITS_FILE_PATTERN.test(f)).sort()) {
    readPointsCsv(join(dir, name), 'postcode', units);
  }
  const districts = new Map<string, Point>();
  readPointsCsv(join(dir, DISTRICTS_FILE), 'outcode', districts);
  return { units, districts };
}

/** Our own generated files: a header row, no quoting, key + latitude + longitude columns. */
function readPointsCsv(path: string, keyColumn: string, into: Map<string, Point>): void {
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.trim().toLowerCase());
  const [k, lat, lon] = [keyColumn, 'latitude', 'longitude'].map((c) => header.indexOf(c));
  if (k! < 0 || lat! < 0 || lon! < 0) throw new Error(`${path}: needs columns ${keyColumn}, latitude, longitude`);
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    if (cells.length < header.length) continue;
    const latitude = Number(cells[lat!]);
    const longitude = Number(cells[lon!]);
    if (Number.isFinite(latitude) && Number.isFinite(longitude)) into.set(postcodeKey(cells[k!]!), { latitude, longitude });
  }
}
