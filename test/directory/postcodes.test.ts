import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadGeoData } from '../../src/directory/geo-data.js';
import { formatPostcodeCsv, importPostcodes } from '../../src/directory/import-postcodes.js';
import { osgbToWgs84 } from '../../src/directory/osgb.js';
import { parsePostcode } from '../../src/directory/postcode.js';
import { FIXTURES } from './support.js';

/** Metres between two nearby points (equirectangular is plenty at this scale). */
function metresApart(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const dy = (a.latitude - b.latitude) * 111_320;
  const dx = (a.longitude - b.longitude) * 111_320 * Math.cos((a.latitude * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

describe('OSGB36 → WGS84', () => {
  it('should match the OS worked example (Caister water tower) to within a metre', () => {
    // OS guide annex C: E 651409.903, N 313177.270; WGS84 52.65798, 1.71605 after the Helmert shift.
    expect(metresApart(osgbToWgs84(651409.903, 313177.27), { latitude: 52.657979, longitude: 1.716052 })).toBeLessThan(1);
  });

  it('should agree with PROJ within 10 m on every one of 1,696 sample units (S60-S66, WR, SO)', () => {
    // Units with both grid references and PROJ-converted coordinates (test/fixtures/postcode-units/SOURCE.md).
    const original = fileURLToPath(new URL('../fixtures/postcode-units/osgb-wgs84-sample.csv', import.meta.url));
    const lines = readFileSync(original, 'utf8').trim().split('\n');
    let worst = 0;
    for (const line of lines.slice(1)) {
      const c = line.split(',');
      const got = osgbToWgs84(Number(c[4]), Number(c[5]));
      worst = Math.max(worst, metresApart(got, { latitude: Number(c[2]), longitude: Number(c[3]) }));
    }
    expect(lines.length - 1).toBe(1_696);
    expect(worst).toBeLessThan(10);
  });
});

describe('postcodes:import', () => {
  it('should read a headerless Code-Point Open file, skipping units without coordinates', async () => {
    const result = await importPostcodes(`${FIXTURES}codepoint-sample.csv`, 'codepoint');
    expect(result.noLocation).toBe(1);
    expect(result.problems).toEqual([{ row: 7, reason: "'NOTAPOSTCODE' is not a postcode" }]);
    const s60 = result.rows.find((r) => r.postcode === 'S60 1AA')!;
    expect(metresApart(s60, { latitude: 53.429157, longitude: -1.358344 })).toBeLessThan(10);
    expect(result.rows.map((r) => r.postcode)).toEqual(['S60 1AA', 'S65 1DA', 'S66 7EG', 'SO14 0AA', 'WR1 1AA']);
  });

  it('should read ONSPD, skipping terminated postcodes and ones with no grid reference', async () => {
    const result = await importPostcodes(`${FIXTURES}onspd-sample.csv`, 'onspd');
    expect(result).toMatchObject({ terminated: 1, noLocation: 1, problems: [] });
    expect(result.rows).toEqual([{ postcode: 'S60 1AA', latitude: 53.429157, longitude: -1.358344 }]);
  });

  it('should say in one line which layout a file needs, rather than read it wrongly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcodes-'));
    writeFileSync(join(dir, 'onspd.csv'), 'pcds,lat,long\nS60 1AA,53.4,-1.3\n');
    await expect(importPostcodes(join(dir, 'onspd.csv'), 'codepoint')).rejects.toThrow('this looks like an ONSPD file (it has a pcds column); add --layout onspd');
    writeFileSync(join(dir, 'cp.csv'), 'Postcode,Eastings,Northings\nS60 1AA,443000,392000\n');
    await expect(importPostcodes(join(dir, 'cp.csv'), 'onspd')).rejects.toThrow('this looks like a Code-Point Open file; use --layout codepoint (the default)');
    writeFileSync(join(dir, 'junk.csv'), 'hello,world\n1,2\n');
    await expect(importPostcodes(join(dir, 'junk.csv'), 'codepoint')).rejects.toThrow(/neither a Code-Point Open header nor a postcode row/);
  });

  it('should never turn blank or foreign coordinates into 0,0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcodes-'));
    writeFileSync(join(dir, 'onspd.csv'), 'pcds,lat,long,doterm\nS60 1AA,,,\nS60 1AB,0,0,\nS60 1AD,53.42,-1.36,\n');
    const result = await importPostcodes(join(dir, 'onspd.csv'), 'onspd');
    expect(result.rows.map((r) => r.postcode)).toEqual(['S60 1AD']);
    expect(result).toMatchObject({ noLocation: 1, problems: [{ row: 3, reason: "lat/long '0', '0' are not a place in the UK" }] });
    // The nine districts content/geo/outcodes.csv lists without coordinates are simply unknown, not at 0,0.
    const geo = loadGeoData('content/geo');
    for (const district of ['BN91', 'CH90', 'EN77', 'LS78', 'PO24', 'S94', 'SN80', 'SR43', 'TW98']) expect(geo.districts.get(district)).toBeUndefined();
    expect([...geo.districts.values()].every((p) => p.latitude > 49 && p.longitude > -9)).toBe(true);
  });

  it('should write the slim layout the geocoder loads', () => {
    expect(formatPostcodeCsv([{ postcode: 'S60 1AA', latitude: 53.4291571, longitude: -1.3583444 }])).toBe(
      'postcode,latitude,longitude\nS60 1AA,53.429157,-1.358344\n',
    );
  });
});

describe('parsePostcode', () => {
  it.each([
    ['  s65   1da ', 'unit', 'S65 1DA'],
    ['sw1a1aa', 'unit', 'SW1A 1AA'],
    ['S65', 'district', 'S65'],
    ['ec1a', 'district', 'EC1A'],
  ])('should read %j', (input, kind, formatted) => {
    expect(parsePostcode(input)).toMatchObject({ kind, formatted });
  });

  it.each(['Maltby', 'S65 1D', '123', ''])('should not read %j as a postcode', (input) => {
    expect(parsePostcode(input)).toBeUndefined();
  });
});
