import { z } from 'zod';
import { FIVE_WAYS, postcodeAreaSchema } from '../content/content-schema.js';

/** Fixed activity kinds; content keys `activities.kinds.<id>` name them for residents. */
export const KINDS = [
  'befriending',
  'walking',
  'lunch_club',
  'community_cafe',
  'volunteering',
  'class_course',
  'support_group',
  'carers',
  'parents_babies',
  'bereavement',
  'digital_skills',
  'faith_culture',
  'sport_exercise',
  'arts_crafts',
  'gardening_nature',
  'transport',
  /** Fits none of the above: still offered, listed in the import summary so the mapping can be extended. */
  'general',
] as const;
export const kindSchema = z.enum(KINDS);
export type Kind = z.infer<typeof kindSchema>;

export const fiveWaySchema = z.enum(FIVE_WAYS);
export type FiveWay = z.infer<typeof fiveWaySchema>;

/** Each kind counts towards one of the Five Ways to Wellbeing, so the chat can suggest by "way". */
export const WAY_OF_KIND: Record<Kind, FiveWay> = {
  befriending: 'connect',
  walking: 'be_active',
  lunch_club: 'connect',
  community_cafe: 'connect',
  volunteering: 'give',
  class_course: 'keep_learning',
  support_group: 'connect',
  carers: 'connect',
  parents_babies: 'connect',
  bereavement: 'connect',
  digital_skills: 'keep_learning',
  faith_culture: 'connect',
  sport_exercise: 'be_active',
  arts_crafts: 'take_notice',
  gardening_nature: 'take_notice',
  transport: 'connect',
  general: 'connect',
};

export const AUDIENCES = [
  'carers',
  'new_parents',
  'over_65s',
  'men',
  'women',
  'lgbtq',
  'young_people',
  'families',
  'disabled_people',
  'bereaved',
  /** People learning English (ESOL classes, conversation cafes). */
  'english_learners',
] as const;
export const audienceSchema = z.enum(AUDIENCES);
export type Audience = z.infer<typeof audienceSchema>;

/** ISO order (Monday first), as iCal BYDAY codes lower-cased. */
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;

export const FREQUENCIES = ['daily', 'weekly', 'fortnightly', 'monthly', 'occasional'] as const;
export const frequencySchema = z.enum(FREQUENCIES);

const text = z.string().trim().min(1, 'must not be empty');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use 24-hour HH:MM, e.g. 09:30');
/** Full postcode ("S65 1DA") or, when only that is known, a district ("S25"). Stored upper-case, single space. */
const postcode = z
  .string()
  .regex(/^[A-Z]{1,2}\d[A-Z\d]?( \d[A-Z]{2})?$/, 'not a UK postcode (e.g. S65 1DA) or postcode district (e.g. S65)');

/** Roughly the UK and its islands: catches swapped or zeroed coordinates in feeds. */
export const UK_BOUNDS = { minLat: 49.8, maxLat: 60.95, minLon: -8.7, maxLon: 1.8 } as const;
const latitude = z.number().min(UK_BOUNDS.minLat, 'outside the UK').max(UK_BOUNDS.maxLat, 'outside the UK');
const longitude = z.number().min(UK_BOUNDS.minLon, 'outside the UK').max(UK_BOUNDS.maxLon, 'outside the UK');

export const venueLocationSchema = z
  .strictObject({
    mode: z.literal('in_person'),
    venue: text.optional(),
    address: text.optional(),
    town: text.optional(),
    postcode: postcode.optional(),
    latitude: latitude.optional(),
    longitude: longitude.optional(),
    /** The coordinates are a postcode district's centre, not the venue's own: distances are "about". */
    approximate: z.boolean().optional(),
  })
  .refine((l) => (l.latitude === undefined) === (l.longitude === undefined), {
    message: 'give both latitude and longitude, or neither',
    path: ['latitude'],
  })
  .refine((l) => l.latitude !== undefined || l.town !== undefined || l.postcode !== undefined, {
    message: 'a venue needs coordinates, a town or a postcode so residents can find it',
    path: ['town'],
  });

export const locationSchema = z.discriminatedUnion('mode', [
  venueLocationSchema,
  /** `covers`: a council's own line, offered in local results to residents of these areas as well as from home. */
  z.strictObject({ mode: z.literal('online'), covers: z.array(postcodeAreaSchema).optional() }),
  z.strictObject({ mode: z.literal('by_phone'), covers: z.array(postcodeAreaSchema).optional() }),
  /** Comes to you anywhere in the area (e.g. home visits); `area` names it for the details message. */
  z.strictObject({
    mode: z.literal('area_wide'),
    area: text.optional(),
    /** Postcode areas or districts covered (e.g. DN15, DN16 or DN); none = offered wherever the resident is. */
    /** The feed gave no venue: residents are asked to contact the service for where it meets. */
    venueNotListed: z.boolean().optional(),
    covers: z.array(postcodeAreaSchema).optional(),
  }),
]);
export type Location = z.infer<typeof locationSchema>;
export type VenueLocation = z.infer<typeof venueLocationSchema>;

/** One regular session when a service meets at different times on different days. */
export const sessionSchema = z.strictObject({
  days: z.array(weekdaySchema).default([]),
  start: time.optional(),
  end: time.optional(),
  frequency: frequencySchema.optional(),
});
export type Session = z.infer<typeof sessionSchema>;

export const scheduleSchema = z.strictObject({
  /** Every day any session runs (for day filters); `start`/`end` are the first session's. */
  days: z.array(weekdaySchema).default([]),
  start: time.optional(),
  end: time.optional(),
  frequency: frequencySchema.optional(),
  /** Each session with its own times, when there is more than one. */
  sessions: z.array(sessionSchema).optional(),
  /** Runs only between these dates (ORUK valid_from / valid_to). */
  validFrom: z.iso.date().optional(),
  validTo: z.iso.date().optional(),
  /** The organiser's own words, e.g. "first Tuesday of the month, not in August". */
  notes: text.optional(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const costSchema = z.discriminatedUnion('free', [
  z.strictObject({ free: z.literal(true) }),
  z.strictObject({ free: z.literal(false), description: text }),
]);
export type Cost = z.infer<typeof costSchema>;

export const entrySchema = z
  .strictObject({
    id: z.string().trim().min(1).max(200),
    name: text.max(200, 'keep it under 200 characters'),
    description: z.string().trim().default(''),
    organisation: text.optional(),
    kinds: z.array(kindSchema).min(1, 'needs at least one kind'),
    locations: z.array(locationSchema).min(1, 'needs a venue, or online, by phone or area-wide'),
    schedule: scheduleSchema.default({ days: [] }),
    cost: costSchema.optional(),
    eligibility: z
      .strictObject({
        minAge: z.number().int().min(0).max(120).optional(),
        maxAge: z.number().int().min(0).max(120).optional(),
        audiences: z.array(audienceSchema).default([]),
        /** The provider's own words on who may come. */
        notes: text.optional(),
      })
      .refine((e) => e.minAge === undefined || e.maxAge === undefined || e.minAge <= e.maxAge, {
        message: 'minimum age is above maximum age',
        path: ['minAge'],
      })
      .default({ audiences: [] }),
    accessibility: z
      .strictObject({ stepFree: z.boolean().optional(), notes: text.optional() })
      .default({}),
    contact: z
      .strictObject({
        phone: z.string().regex(/^\+?[\d ()-]{6,20}$/, 'not a phone number').optional(),
        email: z.email().optional(),
        web: z.url({ protocol: /^https?$/ }).optional(),
      })
      .default({}),
    lastReviewed: z.iso.date().optional(),
    sample: z.boolean(),
  });
export type Entry = z.infer<typeof entrySchema>;
/** What importers hand to validation: shaped like an entry, not yet trusted. */
export type EntryInput = z.input<typeof entrySchema>;

export const DIRECTORY_FILE_VERSION = 1;
export const directoryFileSchema = z.strictObject({
  version: z.literal(DIRECTORY_FILE_VERSION),
  generatedAt: z.iso.datetime(),
  source: z.string(),
  entries: z.array(entrySchema),
});
export type DirectoryFile = z.infer<typeof directoryFileSchema>;
