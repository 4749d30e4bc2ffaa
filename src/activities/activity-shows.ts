import { distance } from 'geokdbush';
import type { ShowContext, ShowProvider, ShownList } from '../conversation/shows.js';
import type { Directory } from '../directory/directory.js';
import { formatActivityDetails, formatActivityList } from '../directory/format-activities.js';
import type { Entry } from '../directory/model.js';
import { findCommunityTransport, KM_PER_MILE, searchNearby, searchRemote, type SearchHit } from '../directory/search.js';
import { searchFromAnswers } from './search-from-answers.js';

const PER_PAGE = 3;

/**
 * What the activities flow shows: `activities` (three results the resident picks by number, MORE for the
 * next three), `activity_details` and `activity_card` (everything about the chosen one, the card being the
 * single message to keep). Reads the directory through `current()` so a reload takes effect at once.
 */
export function createActivityShows(
  current: () => Directory,
  /** The postcode district a point is in (nearest district centre), for places named by town. */
  districtAt?: (point: { latitude: number; longitude: number }) => string | undefined,
): Record<string, ShowProvider> {
  const ids = new WeakMap<Directory, Map<string, Entry>>();
  const byId = (directory: Directory, id: string) => {
    let map = ids.get(directory);
    if (!map) ids.set(directory, (map = new Map(directory.entries.map((e) => [e.id, e]))));
    return map.get(id);
  };

  const activities = (ctx: ShowContext): ShownList => {
    const directory = current();
    const ask = searchFromAnswers(ctx.vars);
    const clock = () => new Date(ctx.now);
    const page = { limit: PER_PAGE, offset: ctx.page * PER_PAGE };
    const list = (hits: SearchHit[], more: boolean, extra: { widenedTo?: number; remote?: boolean; header?: string } = {}): ShownList => {
      if (hits.length === 0) return { text: ctx.t(ctx.page > 0 ? 'activities.flow.no_more' : 'activities.flow.none_at_all'), items: [] };
      const sample = hits.some((h) => h.entry.sample) ? ctx.t('activities.flow.sample_note') : '';
      const header = [sample, extra.header].filter(Boolean).join('\n');
      const options = { t: ctx.t, more, approximate: ask.approximate, ...extra, ...(header ? { header } : {}) };
      return { text: formatActivityList(hits, options), items: hits.map((h) => h.entry.id) };
    };
    if (ask.remote || !ask.place) {
      const { hits, more } = searchRemote(directory, ask.filters, clock, page);
      return list(hits, more, { header: ctx.t('activities.flow.from_home') });
    }
    const district = ask.district ?? districtAt?.(ask.place);
    const result = searchNearby(directory, { ...ask.place, town: ask.place.label, filters: ask.filters, ...page, ...(district ? { district } : {}) }, clock);
    // Where people look and find nothing is where services are missing: reported by district only, first page only.
    const report = (found: number) => (district && ctx.page === 0 ? { report: { name: 'activity_search' as const, props: { district, found } } } : {});
    if (result.status === 'found') return { ...list(result.hits, result.more, result.widenedTo ? { widenedTo: result.widenedTo } : {}), ...report(result.hits.length) };
    // Outside the council's area: say plainly what the services cover, then ways to join from home.
    const outside = result.outsideArea ? { header: ctx.t('activities.list.outside_area', { area: result.outsideArea.join(', ') }) } : { remote: true };
    const remote = list(result.remote.slice(0, PER_PAGE), false, outside);
    const text = result.remote.length ? remote.text : (outside.header ?? remote.text);
    return { text: `${text}\n\n${ctx.t('activities.flow.none_nearby_lines')}`, items: remote.items, ...report(0) };
  };

  const details = (ctx: ShowContext): string => {
    const directory = current();
    const entry = typeof ctx.vars.activity === 'string' ? byId(directory, ctx.vars.activity) : undefined;
    if (!entry) return ctx.t('activities.flow.gone');
    const { place, district: named } = searchFromAnswers(ctx.vars);
    const hit = hitFor(entry, place);
    const district = named ?? (place ? districtAt?.(place) : undefined);
    const transport = place ? findCommunityTransport(directory, { ...place, ...(district ? { district } : {}) }, () => new Date(ctx.now)) : undefined;
    return formatActivityDetails(hit, { t: ctx.t, ...(transport ? { transport } : {}) });
  };

  /** "Did you manage to go to …?", naming the saved activity while the directory still lists it. */
  const didYouGo = (ctx: ShowContext): string => {
    const entry = typeof ctx.vars.activity === 'string' ? byId(current(), ctx.vars.activity) : undefined;
    return entry ? ctx.t('did_you_go.ask', { activity: entry.name }) : ctx.t('did_you_go.ask_unnamed');
  };

  return { activities, activity_details: details, activity_card: details, did_you_go: didYouGo };
}

/** The entry as a result for this resident: its nearest venue and how far it is, or how it can be joined. */
function hitFor(entry: Entry, place: { latitude: number; longitude: number } | undefined): SearchHit {
  let best: SearchHit | undefined;
  for (const location of entry.locations) {
    if (location.mode === 'in_person' && place && location.latitude !== undefined && location.longitude !== undefined) {
      const miles = distance(place.longitude, place.latitude, location.longitude, location.latitude) / KM_PER_MILE;
      if (!best || best.distanceMiles === null || miles < best.distanceMiles) best = { entry, match: 'nearby', distanceMiles: miles, location };
    }
  }
  const first = entry.locations[0]!;
  return best ?? { entry, match: first.mode === 'in_person' ? 'town' : first.mode === 'area_wide' ? 'area_wide' : 'remote', distanceMiles: null, location: first };
}
