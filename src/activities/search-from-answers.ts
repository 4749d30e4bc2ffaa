import type { Vars } from '../flow/conditions.js';
import type { DayFilter } from '../directory/calendar.js';
import { KINDS, type Kind } from '../directory/model.js';
import type { SearchFilters } from '../directory/search.js';

/** What the resident told the activities flow, read back from saved answers. */
export interface ActivityAsk {
  place?: { latitude: number; longitude: number; label: string };
  /** From home: online or by phone only. */
  remote: boolean;
  filters: SearchFilters;
}

const DAYS: Record<string, DayFilter> = {
  today: 'today', this_week: 'this_week', weekend: 'weekend',
  monday: 'mo', tuesday: 'tu', wednesday: 'we', thursday: 'th', friday: 'fr', saturday: 'sa', sunday: 'su',
};

/** Turn saved answers (place, interests, needs) into a search. Intent ids come from content/<locale>/intents.yaml. */
export function searchFromAnswers(vars: Vars): ActivityAsk {
  const list = (name: string) => (typeof vars[name] === 'string' ? String(vars[name]).split(',') : []);
  const kinds = list('interest').filter((k): k is Kind => (KINDS as readonly string[]).includes(k));
  const needs = new Set(list('need'));
  const day = [...needs].map((n) => DAYS[n]).find(Boolean);
  const filters: SearchFilters = {
    ...(kinds.length ? { kinds } : {}),
    ...(day ? { day } : {}),
    ...(needs.has('free_only') ? { freeOnly: true } : {}),
    ...(needs.has('step_free') ? { stepFree: true } : {}),
  };
  const lat = vars['place.lat'];
  const lon = vars['place.lon'];
  const placed = typeof lat === 'number' && typeof lon === 'number';
  return {
    ...(placed ? { place: { latitude: lat, longitude: lon, label: String(vars.place ?? '') } } : {}),
    remote: !placed || needs.has('cant_get_out'),
    filters,
  };
}
