import { around, distance } from 'geokdbush';
import { dayFilterMask, type Clock, type DayFilter } from './calendar.js';
import { townKey, type Directory } from './directory.js';
import { KINDS, type Audience, type Entry, type FiveWay, type Kind, type Location } from './model.js';
import { FIVE_WAYS } from '../content/content-schema.js';

export const KM_PER_MILE = 1.609344;
export const DEFAULT_RADIUS_MILES = 5;
export const MAX_RADIUS_MILES = 20;
/** Widen while fewer than this many activities are found. */
export const ENOUGH_RESULTS = 3;
const WIDEN_STEP_MILES = 5;

export interface SearchFilters {
  kinds?: readonly Kind[];
  ways?: readonly FiveWay[];
  day?: DayFilter;
  freeOnly?: boolean;
  stepFree?: boolean;
  /** The resident's age: entries whose age range excludes it are left out. */
  age?: number;
  /** Groups the resident belongs to: entries only for other groups are left out. */
  audiences?: readonly Audience[];
}

export interface SearchQuery {
  latitude: number;
  longitude: number;
  /** The place the resident named (geocode label); finds venues in that town that have no coordinates, listed first. */
  town?: string;
  radiusMiles?: number;
  filters?: SearchFilters;
  limit?: number;
  /** For MORE: skip this many results. */
  offset?: number;
}

export interface SearchHit {
  entry: Entry;
  /** How it matched: a venue nearby, a venue in the named town without coordinates, or a service covering the area. */
  match: 'nearby' | 'town' | 'area_wide' | 'remote';
  /** Miles from the resident, for `nearby` hits; null otherwise. */
  distanceMiles: number | null;
  /** The location that matched: the nearest venue, or the remote/area-wide mode. */
  location: Location;
}

export type SearchResult =
  | {
      status: 'found';
      hits: SearchHit[];
      /** More results exist after these (offer MORE). */
      more: boolean;
      radiusMiles: number;
      /** Set when fewer than 3 were within the asked radius and the search went further (miles). */
      widenedTo?: number;
    }
  | { status: 'none_nearby'; remote: SearchHit[] };

export type RemoteResult = { hits: SearchHit[]; more: boolean };

/** Nearest activities to a point, widening up to 20 miles when fewer than three are close. */
export function searchNearby(directory: Directory, query: SearchQuery, clock: Clock): SearchResult {
  const accepts = makeEntryFilter(directory, query.filters ?? {}, clock());
  const limit = query.limit ?? ENOUGH_RESULTS;
  const offset = query.offset ?? 0;
  const wanted = offset + limit + 1;
  const firstRadius = Math.min(query.radiusMiles ?? DEFAULT_RADIUS_MILES, MAX_RADIUS_MILES);
  const townHits = (query.town ? (directory.unplacedByTown.get(townKey(query.town)) ?? []) : [])
    .filter(accepts)
    .map((i) => hitWithoutDistance(directory, i, 'town', 'in_person'));

  let radius = firstRadius;
  let nearby = findNearby(directory, query, radius, wanted, accepts);
  while (nearby.length + townHits.length < ENOUGH_RESULTS && radius < MAX_RADIUS_MILES) {
    radius = Math.min(radius + WIDEN_STEP_MILES, MAX_RADIUS_MILES);
    nearby = findNearby(directory, query, radius, wanted, accepts);
  }
  if (nearby.length + townHits.length === 0) {
    return { status: 'none_nearby', remote: searchRemote(directory, query.filters ?? {}, clock, { limit }).hits };
  }
  const shown = new Set([...townHits, ...nearby].map((h) => h.entry.id));
  const areaHits = directory.areaWide
    .filter((i) => accepts(i) && !shown.has(directory.entries[i]!.id))
    .map((i) => hitWithoutDistance(directory, i, 'area_wide', 'area_wide'));
  // Venues in the town the resident named come first: that is where they asked about.
  const all = [...townHits, ...nearby, ...areaHits];
  return {
    status: 'found',
    hits: all.slice(offset, offset + limit),
    more: all.length > offset + limit,
    radiusMiles: radius,
    ...(radius > firstRadius ? { widenedTo: radius } : {}),
  };
}

/** Online and by-phone activities for people who can't get out much: directory order, not distance. */
export function searchRemote(
  directory: Directory,
  filters: SearchFilters,
  clock: Clock,
  page: { limit?: number; offset?: number } = {},
): RemoteResult {
  const accepts = makeEntryFilter(directory, filters, clock());
  const limit = page.limit ?? ENOUGH_RESULTS;
  const offset = page.offset ?? 0;
  const matching = directory.remote.filter(accepts);
  return {
    hits: matching.slice(offset, offset + limit).map((i) => {
      const entry = directory.entries[i]!;
      const location = entry.locations.find((l) => l.mode === 'by_phone' || l.mode === 'online')!;
      return { entry, match: 'remote', distanceMiles: null, location };
    }),
    more: matching.length > offset + limit,
  };
}

/** Nearest `wanted` distinct entries within the radius; an entry with several venues counts once, at its nearest. */
function findNearby(
  directory: Directory,
  query: SearchQuery,
  radiusMiles: number,
  wanted: number,
  accepts: (entry: number) => boolean,
): SearchHit[] {
  const { index, pointEntry, pointLocation } = directory;
  if (!index) return [];
  const acceptsPoint = (p: number) => accepts(pointEntry[p]!);
  const maxKm = radiusMiles * KM_PER_MILE;
  for (let k = wanted; ; k *= 2) {
    const points = around(index, query.longitude, query.latitude, k, maxKm, acceptsPoint);
    const hits: SearchHit[] = [];
    const seen = new Set<number>();
    for (const p of points) {
      const e = pointEntry[p]!;
      if (seen.has(e)) continue;
      seen.add(e);
      const location = pointLocation[p]!;
      const km = distance(query.longitude, query.latitude, location.longitude!, location.latitude!);
      hits.push({ entry: directory.entries[e]!, match: 'nearby', distanceMiles: km / KM_PER_MILE, location });
      if (hits.length === wanted) return hits;
    }
    if (points.length < k) return hits;
  }
}

function hitWithoutDistance(directory: Directory, i: number, match: SearchHit['match'], mode: Location['mode']): SearchHit {
  const entry = directory.entries[i]!;
  return { entry, match, distanceMiles: null, location: entry.locations.find((l) => l.mode === mode)! };
}

/** One predicate per query over the packed per-entry facts; cheap enough to run on every candidate point. */
export function makeEntryFilter(directory: Directory, filters: SearchFilters, now: Date): (entry: number) => boolean {
  const kinds = filters.kinds?.length ? filters.kinds.reduce((m, k) => m | (1 << KINDS.indexOf(k)), 0) : 0;
  const ways = filters.ways?.length ? filters.ways.reduce((m, w) => m | (1 << FIVE_WAYS.indexOf(w)), 0) : 0;
  const days = filters.day ? dayFilterMask(filters.day, now) : 0;
  const { age, audiences } = filters;
  const checksEligibility = age !== undefined || audiences !== undefined;
  return (i) => {
    if (kinds && !(directory.kindsMask[i]! & kinds)) return false;
    if (ways && !(directory.waysMask[i]! & ways)) return false;
    if (days && !(directory.daysMask[i]! & days)) return false;
    if (filters.freeOnly && !directory.free[i]) return false;
    if (filters.stepFree && !directory.stepFree[i]) return false;
    if (checksEligibility) {
      const e = directory.entries[i]!.eligibility;
      if (age !== undefined && ((e.minAge !== undefined && age < e.minAge) || (e.maxAge !== undefined && age > e.maxAge))) {
        return false;
      }
      if (audiences && e.audiences.length && !e.audiences.some((a) => audiences.includes(a))) return false;
    }
    return true;
  };
}

/** The nearest community transport (a venue-based scheme within 20 miles, or one covering the area). */
export function findCommunityTransport(
  directory: Directory,
  point: { latitude: number; longitude: number },
  clock: Clock,
): Entry | undefined {
  const result = searchNearby(directory, { ...point, filters: { kinds: ['transport'] }, limit: 1 }, clock);
  return result.status === 'found' ? result.hits[0]?.entry : undefined;
}
