import { z } from 'zod';

export const LIFE_EVENTS = [
  'bereavement',
  'retirement',
  'caring',
  'new_parent',
  'moving_home',
  'health',
  'job_loss',
  'break_up',
  'leaving_care_or_education',
  'moving_for_study_or_work',
  'children_left_home',
  'new_to_country',
  'coming_out',
  'working_alone_from_home',
  'something_else',
  'rather_not_say',
] as const;
export const FIVE_WAYS = ['connect', 'be_active', 'take_notice', 'keep_learning', 'give'] as const;
export const AGE_BANDS = ['16_24', '25_64', '65_plus'] as const;
export const CHECKIN_BANDS = ['low', 'some', 'high'] as const;

const tag = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).default([]);

/** Shared, locale-independent facts about a tip; its words are `tips.<id>` in each locale. */
export const tipSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  /** Empty means it suits any event. */
  events: tag(LIFE_EVENTS),
  bands: tag(CHECKIN_BANDS),
  ages: tag(AGE_BANDS),
  ways: tag(FIVE_WAYS),
});
export type Tip = z.infer<typeof tipSchema>;
export const tipsFileSchema = z.strictObject({ tips: z.array(tipSchema).min(1) });

/** A national line. Only numbers verified on the provider's own page belong here (see docs). */
export const helplineSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  name: z.string(),
  contact: z.string(),
  /** Where the number was checked, and when. */
  source: z.string(),
  /** False until checked on the provider's own page; unverified lines are never offered. */
  verified: z.boolean().default(true),
  /** Offered to everyone who asks to talk to someone. */
  always: z.boolean().default(false),
  /** Answered day and night; otherwise its hours are shown with it (`helpline_hours.<id>` in each language). */
  open_24_7: z.boolean().default(false),
  events: tag(LIFE_EVENTS),
  ages: tag(AGE_BANDS),
  /** Check-in bands it suits (empty = any): a crisis line is not the only offer to someone mildly lonely. */
  bands: tag(CHECKIN_BANDS),
});
export type Helpline = z.infer<typeof helplineSchema>;
export const helplinesFileSchema = z.strictObject({ helplines: z.array(helplineSchema).min(1) });

/** Settings every message can use as placeholders, e.g. {council_name}. */
/** A postcode area ("DN") or district ("DN15"), as councils describe where they serve. */
export const postcodeAreaSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{1,2}(\d[A-Z\d]?)?$/, 'use postcode areas or districts, e.g. DN15 or DN'));

export const settingsFileSchema = z.strictObject({
  settings: z.record(z.string().regex(/^[a-z_]+$/), z.union([z.string(), z.number()])),
  /** Where the council's services without a venue are offered: postcode areas or districts, e.g. [DN15, DN16]. */
  council_area: z.array(postcodeAreaSchema).default([]),
});

export const metaSchema = z.strictObject({
  /** false until a native speaker has reviewed the file; content:check lists unreviewed files. */
  reviewed: z.boolean().default(true),
});
