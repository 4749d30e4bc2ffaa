import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryHolder } from '../../src/directory/directory-holder.js';
import { writeDirectoryFile } from '../../src/directory/directory-file.js';
import { importText } from '../../src/directory/import-directory.js';
import { formatImportIssue } from '../../src/directory/import-issue.js';
import { fixture, mapping } from './support.js';

describe('CSV template import', () => {
  it('should read a BOM, CRLF, quoted commas and quotes, multi-line cells and blank lines', () => {
    const result = importText(fixture('csv-good.csv'), { mapping });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.skipped).toEqual([]);
    expect(result.entries.map((e) => e.id)).toEqual(['walk-1', 'call-2', 'din-3']);
    expect(result.entries[0]).toMatchObject({
      name: 'Park Walk, with tea',
      description: 'A walk, then "tea" at the cafe',
      kinds: ['walking'],
      locations: [{ mode: 'in_person', address: 'Clifton Lane, Rotherham', postcode: 'S65 2AA', latitude: 53.429825 }],
      schedule: { days: ['tu', 'th'] },
      accessibility: { stepFree: true },
      sample: true,
    });
    expect(result.entries[1]).toMatchObject({
      description: 'Line one\nline two',
      locations: [{ mode: 'by_phone' }],
      schedule: { days: ['mo', 'tu', 'we', 'th', 'fr'] },
      cost: { free: false, description: '£2, first call free' },
      sample: false,
    });
    // A venue with only a town and a postcode district: kept, found by town.
    expect(result.entries[2]).toMatchObject({ kinds: ['lunch_club'], locations: [{ town: 'Dinnington', postcode: 'S25' }] });
  });

  it('should skip only a row with no name or a repeated id; each bad cell is dropped and reported by row', () => {
    const result = importText(fixture('csv-broken.csv'), { mapping });
    if (result.status !== 'done') throw new Error(result.reason);
    expect(result.entries.map((e) => e.id)).toEqual(['ok-1', 'bad-lat', 'swapped', 'half', 'unknown-kind', 'bad-day', 'bad-time', 'nowhere', 'bad-mode', 'bad-postcode', 'bad-audience', 'bad-ages', 'bad-flag', 'bad-email']);
    expect(result.skipped.map(formatImportIssue)).toEqual(fixture('csv-broken.expected.txt').trim().split('\n'));
    const dropped = result.outcomes.flatMap((o) => o.notes.filter((n) => n.outcome === 'dropped').map((n) => `${o.at}: ${n.field}: ${n.reason}`));
    expect(dropped).toEqual(expect.arrayContaining([
      "row 4: latitude: '53.4.2' is not a number",
      "row 8: days: 'funday' is not a day (use Mon;Wed or Mon-Fri)",
      'row 9: schedule.start: use 24-hour HH:MM, e.g. 09:30',
      "row 13: postcode: 'XX1 1XX1' is not a UK postcode or postcode district",
      'row 17: email: not an e-mail address',
    ]));
  });

  it('should suggest a kind for a near miss, and still place the row by its words', () => {
    const csv = 'id,name,kinds,mode\nx,Morning walk,walkng,online\n';
    const result = importText(csv, { mapping });
    if (result.status !== 'done') throw new Error(result.reason);
    expect(result.entries[0]!.kinds).toEqual(['walking']);
    expect(result.outcomes[0]!.notes.map((n) => n.reason)).toEqual([
      "unknown kind 'walkng' (did you mean 'walking'?); use a kind id or a term in kind-mapping.yaml",
    ]);
  });

  it('should fail when there is no name column, and warn about unknown columns', () => {
    expect(importText('id,title\n1,x\n', { mapping })).toEqual({
      status: 'fatal',
      reason: 'missing column(s): name; name them with --map "name=Your column" (columns found: id, title)',
    });
    const result = importText('id,name,kinds,mode,colour\n1,X,walking,online,red\n', { mapping });
    expect(result.status === 'done' && result.warnings).toEqual(["column 'colour' is not part of the template and is ignored"]);
  });

  it('should import the Rotherham demo with every row valid and sample', () => {
    const result = importText(fixture('../../../content/directory/rotherham-sample.csv'), { mapping });
    if (result.status !== 'done') throw new Error(result.reason);
    expect(result.skipped).toEqual([]);
    expect(result.entries.length).toBeGreaterThanOrEqual(60);
    expect(result.entries.every((e) => e.sample)).toBe(true);
    const kinds = new Set(result.entries.flatMap((e) => e.kinds));
    expect(kinds.size).toBe(16);
    expect(new Set(result.entries.flatMap((e) => e.schedule.days)).size).toBe(7);
    const phones = result.entries.map((e) => e.contact.phone).filter(Boolean) as string[];
    // Ofcom drama ranges only: 0114 496 0xxx, 0808 157 0xxx, 07700 900xxx.
    expect(phones.every((p) => /^(0114 496 0\d{3}|0808 157 0\d{3}|07700 900\d{3})$/.test(p))).toBe(true);
    expect(result.entries.every((e) => !e.contact.email || e.contact.email.endsWith('@example.org'))).toBe(true);
  });
});

describe('DirectoryHolder', () => {
  it('should swap to a new directory only when it loads, and keep the old one otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signpost-holder-'));
    const path = join(dir, 'directory.json');
    const first = importText(fixture('oruk1-services.json'), { mapping });
    const second = importText(fixture('csv-good.csv'), { mapping });
    if (first.status !== 'done' || second.status !== 'done') throw new Error('import failed');
    writeDirectoryFile(path, first.entries, 'first');
    const holder = DirectoryHolder.open(path);
    const before = holder.current;
    expect(before.entries).toHaveLength(2);

    writeFileSync(path, '{"version": 1, "entries": [');
    expect(holder.reload()).toMatchObject({ status: 'kept' });
    expect(holder.current).toBe(before);

    writeDirectoryFile(path, second.entries, 'second');
    expect(holder.reload()).toEqual({ status: 'reloaded', entries: 3 });
    expect(holder.current.source).toBe('second');
    // Searches holding the old reference still see a complete, unchanged directory.
    expect(before.entries).toHaveLength(2);
  });
});
