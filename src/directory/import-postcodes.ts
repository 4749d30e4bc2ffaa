import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { isInUk } from './geo-data.js';
import { osgbToWgs84 } from './osgb.js';
import { parsePostcode } from './postcode.js';

export const POSTCODE_LAYOUTS = ['codepoint', 'onspd'] as const;
export type PostcodeLayout = (typeof POSTCODE_LAYOUTS)[number];

export interface PostcodeRow {
  postcode: string;
  latitude: number;
  longitude: number;
}

export interface PostcodeImport {
  rows: PostcodeRow[];
  /** Rows left out on purpose (terminated, no grid reference) and rows that could not be read. */
  terminated: number;
  noLocation: number;
  problems: { row: number; reason: string }[];
}

/** Code-Point Open files have no header; these are its documented column positions. */
const CODEPOINT_POSITIONS = { postcode: 0, quality: 1, easting: 2, northing: 3 };
/** Code-Point "no coordinates" quality; ONSPD's "no grid reference" latitude. */
const CODEPOINT_NO_LOCATION = 90;
const ONSPD_NO_LOCATION = 99.999999;

/** Stream a council's postcode file (Code-Point Open or ONSPD CSV) into postcode → WGS84 rows. */
export async function importPostcodes(path: string, layout: PostcodeLayout): Promise<PostcodeImport> {
  const result: PostcodeImport = { rows: [], terminated: 0, noLocation: 0, problems: [] };
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, trim: true, skip_empty_lines: true }));
  let columns: Columns | undefined;
  let row = 0;
  for await (const cells of parser as AsyncIterable<string[]>) {
    row++;
    if (row === 1) {
      const found = layout === 'onspd' ? onspdColumns(cells) : codepointColumns(cells);
      if (typeof found === 'string') throw new PostcodeFileError(`${path}: ${found}`);
      columns = found;
      if (columns.header) continue;
    }
    const read = layout === 'onspd' ? readOnspd(cells, columns!) : readCodepoint(cells, columns!);
    if ('skip' in read) {
      result[read.skip]++;
    } else if ('problem' in read) {
      result.problems.push({ row, reason: read.problem });
    } else {
      result.rows.push(read);
    }
  }
  return result;
}

/** Column positions; -1 = absent. */
interface Columns {
  header: boolean;
  postcode: number;
  quality?: number;
  easting?: number;
  northing?: number;
  lat?: number;
  long?: number;
  doterm?: number;
}

type Read = PostcodeRow | { skip: 'terminated' | 'noLocation' } | { problem: string };

/** A file the importer can't read as the layout asked for; the message says what to do. */
export class PostcodeFileError extends Error {}

function codepointColumns(first: string[]): Columns | string {
  const lower = first.map((c) => c.toLowerCase());
  if (lower.includes('pcds') || lower.includes('pcd')) return 'this looks like an ONSPD file (it has a pcds column); add --layout onspd';
  if (!lower.includes('postcode')) {
    // Headerless Code-Point Open: the first row must already be a postcode and a grid reference.
    if (!parsePostcode(first[0] ?? '') || !Number.isFinite(Number(first[CODEPOINT_POSITIONS.easting]))) {
      return `the first row ("${first.slice(0, 4).join(',')}") is neither a Code-Point Open header nor a postcode row; check --layout (codepoint or onspd)`;
    }
    return { ...CODEPOINT_POSITIONS, header: false };
  }
  const find = (...names: string[]) => lower.findIndex((c) => names.includes(c));
  const columns = {
    header: true,
    postcode: find('postcode'),
    quality: find('positional_quality_indicator', 'positional_quality'),
    easting: find('eastings', 'easting'),
    northing: find('northings', 'northing'),
  };
  if (columns.easting < 0 || columns.northing < 0) return 'a Code-Point Open header needs Eastings and Northings columns';
  return columns;
}

function onspdColumns(first: string[]): Columns | string {
  const lower = first.map((c) => c.toLowerCase());
  const postcode = lower.includes('pcds') ? lower.indexOf('pcds') : lower.indexOf('pcd');
  const [lat, long, doterm] = ['lat', 'long', 'doterm'].map((c) => lower.indexOf(c)) as [number, number, number];
  if (postcode < 0 || lat < 0 || long < 0) {
    return lower.includes('postcode') || parsePostcode(first[0] ?? '')
      ? 'this looks like a Code-Point Open file; use --layout codepoint (the default)'
      : 'an ONSPD file needs a header with pcds, lat and long';
  }
  return { header: true, postcode, lat, long, doterm };
}

function readCodepoint(cells: string[], c: Columns): Read {
  const postcode = parsePostcode(cells[c.postcode!] ?? '');
  if (postcode?.kind !== 'unit') return { problem: `'${cells[c.postcode!] ?? ''}' is not a postcode` };
  if (!cells[c.easting!]?.trim() || !cells[c.northing!]?.trim()) return { skip: 'noLocation' };
  const easting = Number(cells[c.easting!]);
  const northing = Number(cells[c.northing!]);
  const quality = c.quality! >= 0 ? Number(cells[c.quality!]) : 10;
  if (quality === CODEPOINT_NO_LOCATION || (easting === 0 && northing === 0)) return { skip: 'noLocation' };
  if (!Number.isFinite(easting) || !Number.isFinite(northing) || easting < 0 || easting > 700000 || northing < 0 || northing > 1300000) {
    return { problem: `eastings/northings '${cells[c.easting!]}', '${cells[c.northing!]}' are not on the National Grid` };
  }
  return { postcode: postcode.formatted, ...osgbToWgs84(easting, northing) };
}

function readOnspd(cells: string[], c: Columns): Read {
  const postcode = parsePostcode(cells[c.postcode!] ?? '');
  if (postcode?.kind !== 'unit') return { problem: `'${cells[c.postcode!] ?? ''}' is not a postcode` };
  if (c.doterm! >= 0 && cells[c.doterm!]) return { skip: 'terminated' };
  if (!cells[c.lat!]?.trim() || !cells[c.long!]?.trim()) return { skip: 'noLocation' };
  const latitude = Number(cells[c.lat!]);
  const longitude = Number(cells[c.long!]);
  if (latitude === ONSPD_NO_LOCATION) return { skip: 'noLocation' };
  // Never 0,0 or a point abroad: a wrong row must not put a district in the sea.
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || !isInUk({ latitude, longitude })) {
    return { problem: `lat/long '${cells[c.lat!]}', '${cells[c.long!]}' are not a place in the UK` };
  }
  return { postcode: postcode.formatted, latitude, longitude };
}

/** The slim layout content/geo/ keeps (see geo-data.ts). */
export function formatPostcodeCsv(rows: readonly PostcodeRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : 0));
  const lines = sorted.map((r) => `${r.postcode},${r.latitude.toFixed(6)},${r.longitude.toFixed(6)}`);
  return `postcode,latitude,longitude\n${lines.join('\n')}\n`;
}
