import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchOrukServices } from '../../src/directory/fetch-oruk-api.js';
import { importRecords, importText, sniffFormat } from '../../src/directory/import-directory.js';
import { formatImportIssue } from '../../src/directory/import-issue.js';
import { fixture, mapping } from './support.js';

function reportOf(name: string): string[] {
  const result = importText(fixture(name), { mapping });
  if (result.status !== 'done') throw new Error(result.reason);
  return result.skipped.map(formatImportIssue);
}
function notesOf(name: string): string[] {
  const result = importText(fixture(name), { mapping });
  if (result.status !== 'done') throw new Error(result.reason);
  return result.outcomes.flatMap((o) => o.notes.filter((n) => n.outcome === 'dropped').map((n) => `${o.at}: ${n.field}: ${n.value}: ${n.reason} (${n.outcome})`));
}
const expected = (name: string) => fixture(name).trim().split('\n');

describe('ORUK 3.0 import', () => {
  it('should read a full service record, stripping HTML and decoding entities', () => {
    const result = importText(fixture('oruk3-service-full.json'), { mapping });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.format).toBe('oruk3');
    expect(result.skipped).toEqual([]);
    const [entry] = result.entries;
    expect(entry).toMatchObject({
      id: 'oruk3-lunch-1',
      name: 'Wath Friendship Lunch',
      description: 'Hot lunch & a chat for older residents.\nBring a friend…',
      kinds: ['lunch_club'],
      locations: [{ mode: 'in_person', venue: 'Wath Library', town: 'Wath upon Dearne', postcode: 'S63 7QQ', latitude: 53.502651 }],
      schedule: { days: ['tu', 'th'], start: '12:00', end: '14:00', frequency: 'weekly', notes: 'Book by Monday.' },
      cost: { free: false, description: '£4.50 per lunch (Everyone)' },
      eligibility: { minAge: 60 },
      accessibility: { stepFree: true },
      contact: { phone: '0114 496 0555', email: 'lunch@example.org' },
      sample: false,
    });
  });

  it('should read a /services page, including virtual locations and service areas', () => {
    const page1 = importText(fixture('oruk3-page-1.json'), { mapping });
    const page2 = importText(fixture('oruk3-page-2.json'), { mapping });
    expect(page1.status === 'done' && page1.entries.map((e) => [e.id, e.locations[0]!.mode])).toEqual([
      ['oruk3-lunch-1', 'in_person'],
      ['oruk3-online-2', 'online'],
    ]);
    expect(page2.status === 'done' && page2.entries[0]).toMatchObject({
      locations: [{ mode: 'area_wide', area: 'Rotherham borough' }],
      cost: { free: true },
      kinds: ['befriending'],
    });
  });

  it('should skip only records that are closed or have no id; bad fields are dropped with a note', () => {
    expect(reportOf('oruk3-broken.json')).toEqual(expected('oruk3-broken.expected.txt'));
    expect(notesOf('oruk3-broken.json')).toEqual([
      'record ac148810-d857-441c-9679-408f346de14b: location.coordinates: 100,101: coordinates outside the UK (or 0,0) (dropped)',
      'record ac148810-d857-441c-9679-408f346de14b: location.postcode: ABC 1234: not a UK postcode (dropped)',
      'record oruk3-badcoords: location.coordinates: 100,-1.343923: coordinates outside the UK (or 0,0) (dropped)',
      'record oruk3-bademail: email: not-an-email: not an e-mail address (dropped)',
    ]);
  });

  it('should mark entries as sample when asked', () => {
    const result = importText(fixture('oruk3-service-full.json'), { mapping, sample: true });
    expect(result.status === 'done' && result.entries[0]!.sample).toBe(true);
  });
});

describe('ORUK 1.0 import', () => {
  it('should read regular_schedules, eligibilitys, physical_addresses and service_taxonomys', () => {
    const result = importText(fixture('oruk1-services.json'), { mapping });
    expect(result.status === 'done' && result.format).toBe('oruk1');
    if (result.status !== 'done') return;
    expect(result.entries[0]).toMatchObject({
      name: 'Maltby Health Walk',
      description: 'A gentle walk – all welcome.\nMeet at the library.',
      kinds: ['walking'],
      schedule: { days: ['tu', 'sa'], start: '10:00', end: '11:00' },
      eligibility: { minAge: 18 },
      locations: [{ venue: 'Maltby Library', town: 'Maltby', postcode: 'S66 7EH' }],
      accessibility: { stepFree: true, notes: 'Level access' },
      cost: { free: true },
      lastReviewed: '2026-10-01',
    });
    expect(result.entries[1]).toMatchObject({
      locations: [{ mode: 'by_phone' }],
      schedule: { days: ['mo', 'we', 'fr'], frequency: 'fortnightly' },
    });
  });

  it('should skip only an inactive record; a bad time, age or postcode drops that field alone', () => {
    expect(reportOf('oruk1-broken.json')).toEqual(expected('oruk1-broken.expected.txt'));
    expect(notesOf('oruk1-broken.json')).toEqual([
      'record oruk1-notime: schedule.opens_at: 25:99: not a time (dropped)',
      'record oruk1-ages: eligibility.minAge: 65: minimum age is above maximum age (dropped)',
      'record oruk1-postcode: location.postcode: ABC 1234: not a UK postcode (dropped)',
    ]);
  });

  it('should sniff formats', () => {
    expect(sniffFormat(fixture('oruk1-broken.json'))).toBe('oruk1');
    expect(sniffFormat(fixture('oruk3-page-1.json'))).toBe('oruk3');
    expect(sniffFormat(fixture('csv-good.csv'))).toBe('csv');
  });

  it('should fail without writing when the file is not JSON or not services', () => {
    expect(importText('{"id": ', { mapping, format: 'oruk3' })).toMatchObject({ status: 'fatal' });
    expect(importText('{"hello": 1}', { mapping })).toMatchObject({ status: 'fatal' });
  });
});

describe('ORUK API import (nock)', () => {
  const API = 'https://directory.example.gov.uk';
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it('should follow pages, then fetch each full record', async () => {
    const page1 = JSON.parse(fixture('oruk3-page-1.json'));
    const page2 = JSON.parse(fixture('oruk3-page-2.json'));
    const full = JSON.parse(fixture('oruk3-service-full.json'));
    const scope = nock(API)
      .get('/api/services')
      .query({ page: '1', per_page: '2' })
      .reply(200, page1)
      .get('/api/services')
      .query({ page: '2', per_page: '2' })
      .reply(200, page2)
      .get('/api/services/oruk3-lunch-1')
      .reply(200, full)
      .get('/api/services/oruk3-online-2')
      .reply(500, 'oops')
      .get('/api/services/oruk3-area-3')
      .reply(200, page2.contents[0]);
    const fetched = await fetchOrukServices(`${API}/api/`, { perPage: 2, retries: 0 });
    expect(scope.isDone()).toBe(true);
    expect(fetched.status).toBe('done');
    if (fetched.status !== 'done') return;
    expect(fetched.failures).toEqual([
      { id: 'oruk3-online-2', reason: `HTTP 500 from ${API}/api/services/oruk3-online-2; its list entry was used instead` },
    ]);
    const result = importRecords(fetched.records, { mapping });
    expect(result.status === 'done' && result.entries.map((e) => e.id)).toEqual(['oruk3-lunch-1', 'oruk3-online-2', 'oruk3-area-3']);
  });

  it('should stop with a fatal error when a list page fails', async () => {
    nock(API).get('/api/services').query(true).reply(503);
    expect(await fetchOrukServices(`${API}/api`, { fullRecords: false, retries: 0 })).toEqual({
      status: 'fatal',
      reason: `page 1 of the service list: HTTP 503 from ${API}/api/services?page=1&per_page=100`,
    });
  });
});

describe('writing the directory file', () => {
  it('should leave no temp files behind and replace the file in one step', async () => {
    const { writeDirectoryFile, readDirectoryFile } = await import('../../src/directory/directory-file.js');
    const dir = mkdtempSync(join(tmpdir(), 'signpost-dir-'));
    const path = join(dir, 'directory.json');
    const result = importText(fixture('oruk1-services.json'), { mapping });
    if (result.status !== 'done') throw new Error('import failed');
    writeFileSync(path, 'old');
    writeDirectoryFile(path, result.entries, 'test');
    expect(readdirSync(dir)).toEqual(['directory.json']);
    expect(readDirectoryFile(path).entries).toHaveLength(2);
    expect(JSON.parse(readFileSync(path, 'utf8')).version).toBe(1);
  });
});
