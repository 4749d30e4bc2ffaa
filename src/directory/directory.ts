import KDBush from 'kdbush';
import { daysMask } from './calendar.js';
import { readDirectoryFile } from './directory-file.js';
import { KINDS, WAY_OF_KIND, type DirectoryFile, type Entry, type VenueLocation } from './model.js';
import { FIVE_WAYS } from '../content/content-schema.js';

/** A town residents can name or pick; `latitude` is the mean of its venues, absent when none has coordinates. */
export interface Town {
  name: string;
  key: string;
  latitude?: number;
  longitude?: number;
  /** Postcodes (or districts) its venues give, so a geocoder can place a town with no coordinates. */
  postcodes: string[];
}

/**
 * An immutable, fully indexed directory. Built once per load; searches only read it.
 * Per-entry facts used in filters are packed into typed arrays so a query never re-reads entries.
 */
export interface Directory {
  readonly entries: readonly Entry[];
  readonly generatedAt: string;
  readonly source: string;
  /** One point per in-person location with coordinates (undefined when there are none). */
  readonly index: KDBush | undefined;
  readonly pointEntry: Uint32Array;
  readonly pointLocation: readonly VenueLocation[];
  /** Entries with a venue but no coordinates, by town key. */
  readonly unplacedByTown: ReadonlyMap<string, readonly number[]>;
  readonly remote: readonly number[];
  readonly areaWide: readonly number[];
  readonly towns: readonly Town[];
  readonly kindsMask: Uint32Array;
  readonly waysMask: Uint8Array;
  readonly daysMask: Uint8Array;
  readonly free: Uint8Array;
  readonly stepFree: Uint8Array;
  /** 1 when the entry runs only between dates (valid_from/valid_to), so filters check today. */
  readonly dated: Uint8Array;
}

export function loadDirectory(path: string): Directory {
  return buildDirectory(readDirectoryFile(path));
}

export function buildDirectory(file: Pick<DirectoryFile, 'entries' | 'generatedAt' | 'source'>): Directory {
  const entries = file.entries;
  const n = entries.length;
  const kindsMask = new Uint32Array(n);
  const waysMask = new Uint8Array(n);
  const days = new Uint8Array(n);
  const free = new Uint8Array(n);
  const stepFree = new Uint8Array(n);
  const dated = new Uint8Array(n);
  const points: { entry: number; location: VenueLocation & { latitude: number; longitude: number } }[] = [];
  const unplacedByTown = new Map<string, number[]>();
  const remote: number[] = [];
  const areaWide: number[] = [];
  const towns = new Map<string, { names: Map<string, number>; lat: number; lon: number; placed: number; postcodes: Set<string> }>();

  entries.forEach((entry, i) => {
    for (const kind of entry.kinds) {
      kindsMask[i]! |= 1 << KINDS.indexOf(kind);
      waysMask[i]! |= 1 << FIVE_WAYS.indexOf(WAY_OF_KIND[kind]);
    }
    days[i] = daysMask(entry.schedule.days);
    free[i] = entry.cost?.free ? 1 : 0;
    stepFree[i] = entry.accessibility.stepFree ? 1 : 0;
    dated[i] = entry.schedule.validFrom || entry.schedule.validTo ? 1 : 0;
    let unplaced = false;
    for (const location of entry.locations) {
      if (location.mode === 'online' || location.mode === 'by_phone') {
        if (remote.at(-1) !== i) remote.push(i);
        // A council's own line (it names the areas it covers) is offered in local results there too.
        if (location.covers?.length && areaWide.at(-1) !== i) areaWide.push(i);
      } else if (location.mode === 'area_wide') {
        if (areaWide.at(-1) !== i) areaWide.push(i);
      } else {
        const placed = location.latitude !== undefined && location.longitude !== undefined;
        if (placed) points.push({ entry: i, location: location as (typeof points)[number]['location'] });
        if (location.town) {
          const key = townKey(location.town);
          const town = towns.get(key) ?? { names: new Map(), lat: 0, lon: 0, placed: 0, postcodes: new Set<string>() };
          town.names.set(location.town, (town.names.get(location.town) ?? 0) + 1);
          if (location.postcode) town.postcodes.add(location.postcode);
          if (placed) {
            town.lat += location.latitude!;
            town.lon += location.longitude!;
            town.placed++;
          } else if (!unplaced) {
            unplaced = true;
            unplacedByTown.set(key, [...(unplacedByTown.get(key) ?? []), i]);
          }
          towns.set(key, town);
        }
      }
    }
  });

  let index: KDBush | undefined;
  if (points.length) {
    index = new KDBush(points.length);
    for (const p of points) index.add(p.location.longitude, p.location.latitude);
    index.finish();
  }
  return {
    entries,
    generatedAt: file.generatedAt,
    source: file.source,
    index,
    pointEntry: Uint32Array.from(points, (p) => p.entry),
    pointLocation: points.map((p) => p.location),
    unplacedByTown,
    remote,
    areaWide,
    towns: [...towns].map(([key, t]) => ({
      name: [...t.names].sort((a, b) => b[1] - a[1])[0]![0],
      key,
      ...(t.placed ? { latitude: t.lat / t.placed, longitude: t.lon / t.placed } : {}),
      postcodes: [...t.postcodes],
    })).sort((a, b) => a.name.localeCompare(b.name)),
    kindsMask,
    waysMask,
    daysMask: days,
    free,
    stepFree,
    dated,
  };
}

/** "Wath-upon-Dearne", "wath upon  dearne" and "WATH UPON DEARNE" are one town. */
export function townKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
