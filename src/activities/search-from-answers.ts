import type { Vars } from '../flow/conditions.js';
import type { AGE_BANDS, LIFE_EVENTS } from '../content/content-schema.js';
import type { DayFilter } from '../directory/calendar.js';
import { KINDS, type Audience, type Kind } from '../directory/model.js';
import { parsePostcode } from '../directory/postcode.js';
import type { SearchFilters } from '../directory/search.js';

/** What the resident told the conversation, read back from saved answers. */
export interface ActivityAsk {
  place?: { latitude: number; longitude: number; label: string };
  /** The postcode district the place answer names (e.g. "DN15"), when it names one. */
  district?: string;
  /** The place is known only to its district or town: distances are approximate. */
  approximate: boolean;
  /** From home: online or by phone only. */
  remote: boolean;
  filters: SearchFilters;
}

const DAYS: Record<string, DayFilter> = {
  today: 'today', this_week: 'this_week', weekend: 'weekend',
  monday: 'mo', tuesday: 'tu', wednesday: 'we', thursday: 'th', friday: 'fr', saturday: 'sa', sunday: 'su',
};

/** The age question's bands (flows/events.yaml): ages to check entries against, and the matching audience. */
const AGE_BAND: Record<(typeof AGE_BANDS)[number], { age: { min: number; max?: number }; audience?: Audience }> = {
  '16_24': { age: { min: 16, max: 24 }, audience: 'young_people' },
  '25_64': { age: { min: 25, max: 64 } },
  '65_plus': { age: { min: 65 }, audience: 'over_65s' },
};

/** A life event (flows/events.yaml) → the groups and kinds that fit it, offered first. */
const LIFE_EVENT: Partial<Record<(typeof LIFE_EVENTS)[number], { kinds: Kind[]; audiences: Audience[] }>> = {
  caring: { kinds: ['carers'], audiences: ['carers'] },
  new_parent: { kinds: ['parents_babies'], audiences: ['new_parents', 'families'] },
  bereavement: { kinds: ['bereavement'], audiences: ['bereaved'] },
  retirement: { kinds: [], audiences: ['over_65s'] },
  leaving_care_or_education: { kinds: [], audiences: ['young_people'] },
  // The life changes issue 15 added: what their tips suggest (meeting people, learning, giving time) comes first.
  moving_for_study_or_work: { kinds: ['community_cafe', 'sport_exercise'], audiences: [] },
  moving_home: { kinds: ['community_cafe', 'befriending'], audiences: [] },
  children_left_home: { kinds: ['volunteering', 'class_course'], audiences: [] },
  new_to_country: { kinds: ['faith_culture'], audiences: ['english_learners'] },
  coming_out: { kinds: [], audiences: ['lgbtq'] },
  working_alone_from_home: { kinds: ['community_cafe', 'walking'], audiences: [] },
  health: { kinds: ['support_group'], audiences: ['disabled_people'] },
  job_loss: { kinds: ['volunteering', 'class_course'], audiences: [] },
  break_up: { kinds: ['community_cafe', 'befriending'], audiences: [] },
};

/**
 * Turn saved answers (place, interests, needs, and from the events flow the age group and life event) into a
 * search. Intent ids come from content/<locale>/intents.yaml; interests that are groups of people (lgbt,
 * mens_groups…) become the audiences content/directory/kind-mapping.yaml names for them.
 */
export function searchFromAnswers(vars: Vars, interestGroups: ReadonlyMap<string, readonly Audience[]> = new Map()): ActivityAsk {
  const list = (name: string) => (typeof vars[name] === 'string' ? String(vars[name]).split(',') : []);
  const kinds = list('interest').filter((k): k is Kind => (KINDS as readonly string[]).includes(k));
  const groups = [...new Set(list('interest').flatMap((i) => interestGroups.get(i) ?? []))];
  const needs = new Set(list('need'));
  const day = [...needs].map((n) => DAYS[n]).find(Boolean);
  const band = AGE_BAND[String(vars.age) as keyof typeof AGE_BAND];
  const event = LIFE_EVENT[String(vars.event) as keyof typeof LIFE_EVENT];
  const prefer = {
    kinds: event?.kinds ?? [],
    audiences: [...(event?.audiences ?? []), ...(band?.audience ? [band.audience] : [])],
  };
  const filters: SearchFilters = {
    ...(kinds.length ? { kinds } : {}),
    ...(groups.length ? { groups } : {}),
    ...(day ? { day } : {}),
    ...(needs.has('free_only') ? { freeOnly: true } : {}),
    ...(needs.has('step_free') ? { stepFree: true } : {}),
    ...(band ? { age: band.age } : {}),
    ...(prefer.kinds.length || prefer.audiences.length ? { prefer } : {}),
  };
  const lat = vars['place.lat'];
  const lon = vars['place.lon'];
  const placed = typeof lat === 'number' && typeof lon === 'number';
  const label = String(vars.place ?? '');
  const postcode = parsePostcode(label);
  return {
    ...(placed ? { place: { latitude: lat, longitude: lon, label } } : {}),
    ...(postcode ? { district: postcode.outcode } : {}),
    approximate: postcode?.kind !== 'unit',
    remote: !placed || needs.has('cant_get_out'),
    filters,
  };
}
