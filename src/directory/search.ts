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
  /** The resident's age, or age band (e.g. 16-24 as { min: 16, max: 24 }): entries whose ages exclude it are left out. */
  age?: number | { min: number; max?: number };
  /** Groups the resident belongs to: entries only for other groups are left out. */
  audiences?: readonly Audience[];
  /**
   * Groups the resident asked for ("LGBT+ groups", "men's groups"): only entries for one of them, or (when kinds
   * are asked too) of one of those kinds: a resident naming several interests means any of them.
   */
  groups?: readonly Audience[];
  /** What fits the resident's situation (e.g. carers' groups for a carer): listed first, nothing left out. */
  prefer?: { kinds?: readonly Kind[]; audiences?: readonly Audience[] };
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
  /** The resident's postcode district (e.g. DN15): services covering only other areas are left out. */
  district?: string;
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
  | {
      status: 'none_nearby';
      remote: SearchHit[];
      /** Set when the council's services exist but cover other areas (what they cover, e.g. ["DN15", "DN16"]). */
      outsideArea?: string[];
    };

export type RemoteResult = { hits: SearchHit[]; more: boolean };

/** Nearest activities to a point, widening up to 20 miles when fewer than three are close. */
export function searchNearby(directory: Directory, query: SearchQuery, clock: Clock): SearchResult {
  const filters = query.filters ?? {};
  const accepts = makeEntryFilter(directory, filters, clock());
  const prefers = makePreference(directory, filters.prefer);
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
  if (prefers) {
    // What fits the resident's situation first (nearest first), then everything else nearest first.
    const preferred = findNearby(directory, query, radius, wanted, (i) => accepts(i) && prefers(i));
    const ids = new Set(preferred.map((h) => h.entry.id));
    nearby = [...preferred, ...nearby.filter((h) => !ids.has(h.entry.id))];
  }
  const shown = new Set([...townHits, ...nearby].map((h) => h.entry.id));
  const areaWide = directory.areaWide.filter((i) => accepts(i) && !shown.has(directory.entries[i]!.id));
  // A service naming the areas it covers is offered there on its own; one that names none only beside local venues,
  // so a resident far away is not offered home visits from another council.
  const local = nearby.length + townHits.length > 0;
  const covered = areaWide.filter((i) => covers(directory.entries[i]!, query.district, local));
  const areaHits = (prefers ? [...covered.filter(prefers), ...covered.filter((i) => !prefers(i))] : covered).map((i) =>
    areaHit(directory.entries[i]!),
  );
  if (nearby.length + townHits.length + areaHits.length === 0) {
    const outsideArea = [...new Set(areaWide.flatMap((i) => coveringLocation(directory.entries[i]!).covers ?? []))];
    return {
      status: 'none_nearby',
      remote: searchRemote(directory, filters, clock, { limit }).hits,
      ...(outsideArea.length ? { outsideArea } : {}),
    };
  }
  // Venues in the town the resident named come first: that is where they asked about.
  const all = [...townHits, ...nearby, ...areaHits];
  const hits = all.slice(offset, offset + limit);
  // "Nothing close" only when nothing shown is close: no venue in their town, none within the first radius.
  const nothingClose = radius > firstRadius && townHits.length === 0 && !nearby.some((h) => h.distanceMiles! <= firstRadius);
  return {
    status: 'found',
    hits,
    more: all.length > offset + limit,
    radiusMiles: radius,
    ...(nothingClose && nearby.length ? { widenedTo: radius } : {}),
  };
}

/** A service covering postcode areas or districts (e.g. DN, DN15) is offered only to residents there. */
function covers(entry: Entry, district: string | undefined, local: boolean): boolean {
  const area = coveringLocation(entry).covers;
  if (!area?.length) return local;
  if (!district) return local;
  const letters = district.match(/^[A-Z]+/)?.[0];
  return area.includes(district) || (letters !== undefined && area.includes(letters));
}

type CoveringLocation = Extract<Location, { mode: 'area_wide' | 'by_phone' | 'online' }>;

/** The area-wide location, or else the phone or online line that names the areas it covers. */
function coveringLocation(entry: Entry): CoveringLocation {
  return (entry.locations.find((l) => l.mode === 'area_wide') ??
    entry.locations.find((l) => (l.mode === 'by_phone' || l.mode === 'online') && l.covers?.length)) as CoveringLocation;
}

function areaHit(entry: Entry): SearchHit {
  const location = coveringLocation(entry);
  return { entry, match: location.mode === 'area_wide' ? 'area_wide' : 'remote', distanceMiles: null, location };
}

/** Entries that fit what the resident told us (a carer: carers' groups), or undefined when nothing is preferred. */
function makePreference(directory: Directory, prefer: SearchFilters['prefer']): ((entry: number) => boolean) | undefined {
  const kinds = prefer?.kinds?.length ? prefer.kinds.reduce((m, k) => m | (1 << KINDS.indexOf(k)), 0) : 0;
  const audiences = prefer?.audiences ?? [];
  if (!kinds && !audiences.length) return undefined;
  return (i) => (kinds !== 0 && (directory.kindsMask[i]! & kinds) !== 0) || directory.entries[i]!.eligibility.audiences.some((a) => audiences.includes(a));
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
  const { audiences, groups } = filters;
  const ages = typeof filters.age === 'number' ? { min: filters.age, max: filters.age } : filters.age;
  const checksEligibility = ages !== undefined || audiences !== undefined;
  const today = now.toISOString().slice(0, 10);
  return (i) => {
    const ofKind = kinds !== 0 && (directory.kindsMask[i]! & kinds) !== 0;
    if (groups?.length) {
      if (!ofKind && !directory.entries[i]!.eligibility.audiences.some((a) => groups.includes(a))) return false;
    } else if (kinds && !ofKind) return false;
    if (ways && !(directory.waysMask[i]! & ways)) return false;
    if (days && !(directory.daysMask[i]! & days)) return false;
    if (filters.freeOnly && !directory.free[i]) return false;
    if (filters.stepFree && !directory.stepFree[i]) return false;
    if (directory.dated[i] && !runsOn(directory.entries[i]!, today)) return false;
    if (checksEligibility) {
      const e = directory.entries[i]!.eligibility;
      // The resident's ages overlap the entry's: a 16-24 band fits "18 and over".
      if (ages && ((e.maxAge !== undefined && ages.min > e.maxAge) || (e.minAge !== undefined && ages.max !== undefined && ages.max < e.minAge))) {
        return false;
      }
      if (audiences && e.audiences.length && !e.audiences.some((a) => audiences.includes(a))) return false;
    }
    return true;
  };
}

function runsOn(entry: Entry, today: string): boolean {
  const { validFrom, validTo } = entry.schedule;
  return (validFrom === undefined || validFrom <= today) && (validTo === undefined || today <= validTo);
}

/** The nearest community transport (a venue-based scheme within 20 miles, or one covering the area). */
export function findCommunityTransport(
  directory: Directory,
  point: { latitude: number; longitude: number; district?: string },
  clock: Clock,
): Entry | undefined {
  const result = searchNearby(directory, { ...point, filters: { kinds: ['transport'] }, limit: 1 }, clock);
  return result.status === 'found' ? result.hits[0]?.entry : undefined;
}
