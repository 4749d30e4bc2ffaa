import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UK_BOUNDS } from './model.js';
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

/**
 * The files are read and their columns checked at once (a missing file or column stops the start, as any content
 * mistake does); their ~37,000 rows are made into lookups when a postcode is first looked up, not at start (a
 * tenth of a start, and most conversations never name a place).
 */
export function loadGeoData(dir = DEFAULT_GEO_DIR): GeoData {
  const unitFiles = readdirSync(dir).filter((f) => UNITS_FILE_PATTERN.test(f)).sort().map((name) => readPointsCsv(join(dir, name), 'postcode'));
  const districtFile = readPointsCsv(join(dir, DISTRICTS_FILE), 'outcode');
  let units: Map<string, Point> | undefined;
  let districts: Map<string, Point> | undefined;
  return {
    get units() {
      return (units ??= pointsOf(unitFiles));
    },
    get districts() {
      return (districts ??= pointsOf([districtFile]));
    },
  };
}

/** One of our own generated files, its columns checked: a header row, no quoting, key + latitude + longitude columns. */
type PointsCsv = { lines: string[]; columns: number; key: number; lat: number; lon: number };

function readPointsCsv(path: string, keyColumn: string): PointsCsv {
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.trim().toLowerCase());
  const [key, lat, lon] = [keyColumn, 'latitude', 'longitude'].map((c) => header.indexOf(c)) as [number, number, number];
  if (key < 0 || lat < 0 || lon < 0) throw new Error(`${path}: needs columns ${keyColumn}, latitude, longitude`);
  return { lines, columns: header.length, key, lat, lon };
}

/** The files' points by key, a later file's over an earlier one's. */
function pointsOf(files: readonly PointsCsv[]): Map<string, Point> {
  const into = new Map<string, Point>();
  for (const { lines, columns, key, lat, lon } of files) {
    for (let i = 1; i < lines.length; i++) {
      const cells = lines[i]!.split(',');
      if (cells.length < columns) continue;
      // A blank cell is no location (Number('') would be 0, putting the district off the coast of Ghana).
      if (!cells[lat]?.trim() || !cells[lon]?.trim()) continue;
      const point = { latitude: Number(cells[lat]), longitude: Number(cells[lon]) };
      if (isInUk(point)) into.set(postcodeKey(cells[key]!), point);
    }
  }
  return into;
}

/** The postcode district whose centre is nearest a point (a resident who named a town), by a scan of ~3,000. */
export function nearestDistrict(geo: GeoData, point: Point): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const cos = Math.cos((point.latitude * Math.PI) / 180);
  for (const [district, p] of geo.districts) {
    const dLat = p.latitude - point.latitude;
    const dLon = (p.longitude - point.longitude) * cos;
    const score = dLat * dLat + dLon * dLon;
    if (score < bestScore) {
      bestScore = score;
      best = district;
    }
  }
  return best;
}

export function isInUk(p: Point): boolean {
  return p.latitude >= UK_BOUNDS.minLat && p.latitude <= UK_BOUNDS.maxLat && p.longitude >= UK_BOUNDS.minLon && p.longitude <= UK_BOUNDS.maxLon;
}
