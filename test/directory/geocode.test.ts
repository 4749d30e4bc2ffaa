import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGeocoder } from '../../src/directory/geocode.js';
import { loadGeoData } from '../../src/directory/geo-data.js';
import { loadDemoDirectory } from './support.js';

const geo = loadGeoData('content/geo');
const directory = loadDemoDirectory();
const geocode = createGeocoder({ geo, towns: () => directory.towns });

describe('geocode offline', () => {
  it.each(['S65 1DA', 's651da', '  s65   1da '])('should find the full postcode %j', async (input) => {
    expect(await geocode(input)).toEqual({ status: 'found', lat: 53.429997, lon: -1.352431, label: 'S65 1DA', precision: 'postcode' });
  });

  it.each(['S65', 's65'])('should find the district %j at its centroid', async (input) => {
    expect(await geocode(input)).toMatchObject({ status: 'found', label: 'S65', precision: 'district' });
  });

  it('should fall back to the district when the unit is unknown but the district is known', async () => {
    expect(await geocode('S65 9ZZ')).toMatchObject({ status: 'found', label: 'S65', precision: 'district' });
    // Outside the units sample, but every GB district is in the centroid file.
    expect(await geocode('SW1A 1AA')).toMatchObject({ status: 'found', label: 'SW1A', precision: 'district' });
  });

  it.each([
    ['BT1 1AA', 'northern_ireland'],
    ['bt7', 'northern_ireland'],
    ['GY1 1AA', 'channel_islands'],
    ['JE2 3AB', 'channel_islands'],
    ['IM1 1AA', 'isle_of_man'],
  ])('should say %j is not in Great Britain', async (input, region) => {
    expect(await geocode(input)).toEqual({ status: 'not_in_gb', region });
  });

  it('should not know unknown or terminated districts', async () => {
    expect(await geocode('ZZ9 9ZZ')).toEqual({ status: 'unknown_postcode' });
    // S30 was split into S35/S36 and is no longer a live district.
    expect(await geocode('S30 1AA')).toEqual({ status: 'unknown_postcode' });
    expect(await geocode('QQ1')).toEqual({ status: 'unknown_postcode' });
  });

  it.each([
    ['Maltby', 'Maltby'],
    ['rawmarsh', 'Rawmarsh'],
    ['Wath upon Dearne', 'Wath upon Dearne'],
    ['wath-upon-dearne', 'Wath upon Dearne'],
  ])('should find the directory town %j', async (input, label) => {
    expect(await geocode(input)).toMatchObject({ status: 'found', label, precision: 'town' });
  });

  it('should place a town whose venues have no coordinates by their postcode district', async () => {
    const dinnington = await geocode('Dinnington');
    expect(dinnington).toMatchObject({ status: 'found', label: 'Dinnington', precision: 'town' });
    expect(dinnington).toMatchObject({ lat: geo.districts.get('S25')!.latitude });
  });

  it('should not know places outside the directory', async () => {
    expect(await geocode('Atlantis')).toEqual({ status: 'unknown_place' });
    expect(await geocode('')).toEqual({ status: 'unknown_place' });
  });

  it.each(["don't know", 'Dont know', 'not sure', 'don’t know'])('should offer towns for %j', async (input) => {
    const result = await geocode(input);
    expect(result.status).toBe('ask_town');
    if (result.status !== 'ask_town') return;
    expect(result.towns).toContain('Maltby');
    expect(result.towns).toContain('Wath upon Dearne');
    expect(result.towns).toEqual([...result.towns].sort((a, b) => a.localeCompare(b)));
  });
});

describe('geocode online fallback (nock)', () => {
  const LOOKUP = 'https://postcodes.example.org';
  const online = createGeocoder({ geo, towns: () => directory.towns, onlineUrl: LOOKUP, onlineTimeoutMs: 300 });
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it('should not ask online when the offline data knows the postcode', async () => {
    const scope = nock(LOOKUP).get(/.*/).reply(500);
    expect(await online('S65 1DA')).toMatchObject({ precision: 'postcode' });
    expect(scope.isDone()).toBe(false);
  });

  it('should ask online for a unit missing offline, and use the answer', async () => {
    nock(LOOKUP).get('/postcodes/SW1A1AA').reply(200, { status: 200, result: { latitude: 51.501009, longitude: -0.141588 } });
    expect(await online('sw1a 1aa')).toEqual({ status: 'found', lat: 51.501009, lon: -0.141588, label: 'SW1A 1AA', precision: 'postcode' });
  });

  it('should fall back to the district when online says 404 or is slow', async () => {
    nock(LOOKUP).get('/postcodes/SW1A9ZZ').reply(404, { status: 404, error: 'Postcode not found' });
    expect(await online('SW1A 9ZZ')).toMatchObject({ precision: 'district', label: 'SW1A' });
    nock(LOOKUP).get('/postcodes/SW1A9ZY').delay(2000).reply(200, { status: 200, result: { latitude: 1, longitude: 1 } });
    expect(await online('SW1A 9ZY')).toMatchObject({ precision: 'district' });
  });

  it('should ask online for a district unknown offline', async () => {
    nock(LOOKUP).get('/outcodes/ZZ9').reply(200, { status: 200, result: { latitude: 52.1, longitude: -1.2 } });
    expect(await online('ZZ9')).toEqual({ status: 'found', lat: 52.1, lon: -1.2, label: 'ZZ9', precision: 'district' });
  });
});
