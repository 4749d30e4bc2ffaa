import { z } from 'zod';

/**
 * The intent sets and their ids. Fixed: flows and the rest of the code name them, and an LLM may only ever
 * answer with one of these. `frequency` reads the loneliness check-in answers (flows/checkin.yaml).
 */
export const INTENT_SETS = {
  life_event: [
    'bereavement', 'retirement', 'caring', 'new_parent', 'moving_home', 'health', 'job_loss', 'break_up', 'leaving_care_or_education',
    'moving_for_study_or_work', 'children_left_home', 'new_to_country', 'coming_out', 'working_alone_from_home', 'something_else', 'rather_not_say',
  ],
  interest: [
    'befriending', 'walking', 'lunch_club', 'community_cafe', 'volunteering', 'class_course', 'support_group', 'carers', 'parents_babies', 'bereavement',
    'digital_skills', 'faith_culture', 'sport_exercise', 'arts_crafts', 'gardening_nature', 'transport', 'lgbt', 'mens_groups', 'young_people',
    'english_language', 'no_preference',
  ],
  need: [
    'free_only', 'step_free', 'cant_get_out', 'today', 'this_week', 'weekend', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
    'mornings', 'afternoons', 'evenings', 'weekdays', 'no_preference',
  ],
  yes_no: ['yes', 'no'],
  frequency: ['hardly_ever', 'some_of_the_time', 'often'],
  /** The age question (flows/events.yaml); a bare number is read by range (see age-number.ts). */
  age_group: ['16_24', '25_64', '65_plus'],
  /** The main menu's choices, by what people call them. */
  menu: ['checkin', 'tips', 'activities', 'five_ways', 'talk', 'about', 'finish'],
  /** Understood at any step when the step's own intents don't match. */
  global: ['goodbye', 'thanks', 'feeling_low', 'start_again'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export const intentSetSchema = z.enum(Object.keys(INTENT_SETS) as [keyof typeof INTENT_SETS, ...(keyof typeof INTENT_SETS)[]]);
export type IntentSet = z.infer<typeof intentSetSchema>;

const phrases = z.array(z.string().trim().min(1)).min(1);
/** Every set and intent optional (a locale may cover only some); unknown names are errors, so typos surface. */
const setSchema = <S extends IntentSet>(set: S) =>
  z.strictObject(Object.fromEntries(INTENT_SETS[set].map((id) => [id, phrases.optional()])) as Record<(typeof INTENT_SETS)[S][number], z.ZodOptional<typeof phrases>>);

/** One `content/<locale>/intents.yaml`. */
export const intentsFileSchema = z.strictObject({
  _meta: z.strictObject({ reviewed: z.boolean().default(true) }).optional(),
  /** Named word lists a phrase can use as `@name` ("lost my @relative"), so one phrase covers every relative. */
  _concepts: z.record(z.string().regex(/^[a-z_]+$/, 'concept names are lower-case letters and _'), phrases).optional(),
  /**
   * Usual spelling → the variants people type (`mum: [mam, mom]`, `something: [summat]`): every variant reads as
   * the usual word, in phrases and messages alike, so phrases are written once. A variant is one word.
   */
  _spellings: z.record(z.string().trim().min(1), z.array(z.string().trim().regex(/^\S+$/, 'a spelling variant is one word')).min(1)).optional(),
  /**
   * What people ask that the bot does not do ("who won the match", "what's the weather"): a message these phrases
   * explain at least as well as any answer's phrase is read as nothing at every step, and the model does not guess.
   */
  _off_topic: phrases.optional(),
  /**
   * Doubt ("not sure", "dunno", "maybe"): at a yes/no question it is neither answer, so the question is asked
   * again (a "not sure" must never be taken as agreeing to share a number). Other sets read doubt in their own
   * phrases ("not sure" at the interest question is "no preference").
   */
  _unsure: phrases.optional(),
  /**
   * Someone else's doing ("my daughter goes to", "my husband plays"): at the interest question, an interest named
   * just after these words is theirs, not the resident's choice ("my grandson plays football every saturday").
   */
  _someone_else: phrases.optional(),
  /**
   * Someone else's doing where the verb comes last (Urdu "beti har hafte walking group jaati hai"): an answer after a
   * `who` phrase ("@relative") and before a `does` phrase ("jaati hai", a verb no resident uses of themselves), in
   * the same sentence, is theirs, as with `_someone_else`.
   */
  _someone_else_verb_last: z.strictObject({ who: phrases, does: phrases }).optional(),
  /**
   * The resident saying what they want or when they are free ("i'd like", "suits me", "so i'm free"): it ends what
   * `_someone_else` claims, and it keeps a choice told alongside a story ("I used to love walking, I'd like that again").
   */
  _own_choice: phrases.optional(),
  /**
   * Telling what happened or what others are doing ("went to", "saw", "had a", "last week"): at the interest and
   * time questions, a message that tells and names no `_own_choice` chooses nothing ("went to church this morning,
   * lovely service" is not a wish for church, nor for today).
   */
  _narration: phrases.optional(),
  /**
   * Days told by another ("saturday, or the day after", "dzień później"): at the time question, the day after (or
   * before) the day named ahead of them.
   */
  _relative_days: z.strictObject({ after: phrases.optional(), before: phrases.optional() }).optional(),
  /**
   * Exceptions ("any day but", "except", "apart from"): at the interest and time questions the answer named just
   * after one is not wanted ("any day but the weekend" is weekdays).
   */
  _except: phrases.optional(),
  /** Exceptions said after what they except (Urdu "weekend ke ilawa koi bhi din"). */
  _except_after: phrases.optional(),
  life_event: setSchema('life_event').optional(),
  interest: setSchema('interest').optional(),
  need: setSchema('need').optional(),
  yes_no: setSchema('yes_no').optional(),
  frequency: setSchema('frequency').optional(),
  age_group: setSchema('age_group').optional(),
  menu: setSchema('menu').optional(),
  global: setSchema('global').optional(),
});
export type IntentsFile = z.infer<typeof intentsFileSchema>;

/** Phrases that, when they explain a message at a step of this set, mean it answers nothing there. */
export function notAnAnswer(file: IntentsFile, set: IntentSet): string[] {
  return [...(file._off_topic ?? []), ...(set === 'yes_no' ? (file._unsure ?? []) : [])];
}
/**
 * The sets where an answer said of someone else (`_someone_else`) is not the resident's: their interests and their
 * times ("my grandson plays football every saturday" chooses neither football nor Saturdays).
 */
const CHOSEN_FOR_ONESELF = new Set<IntentSet>(['interest', 'need']);

/** Phrases that, at a step of this set, say that what follows them is someone else's, not an answer. */
export function someoneElses(file: IntentsFile, set: IntentSet): string[] {
  return CHOSEN_FOR_ONESELF.has(set) ? (file._someone_else ?? []) : [];
}
/** At the time question, the phrases that tell a day by the one named before them. */
export function relativeDays(file: IntentsFile, set: IntentSet): { after: string[]; before: string[] } {
  return set === 'need' ? { after: file._relative_days?.after ?? [], before: file._relative_days?.before ?? [] } : { after: [], before: [] };
}
/** Where a resident chooses for themselves, the phrases that say the answer after (or before) them is not wanted. */
export function exceptions(file: IntentsFile, set: IntentSet): { before: string[]; after: string[] } {
  return CHOSEN_FOR_ONESELF.has(set) ? { before: file._except ?? [], after: file._except_after ?? [] } : { before: [], after: [] };
}
/** Phrases that, at a step of this set, open and close someone else's doing said verb-last. */
export function someoneElsesVerbLast(file: IntentsFile, set: IntentSet): { who: string[]; does: string[] } {
  return CHOSEN_FOR_ONESELF.has(set) && file._someone_else_verb_last ? file._someone_else_verb_last : { who: [], does: [] };
}
/**
 * The sets where a word inside a story is only mentioned: interests, times, and yes or no ("saw a lovely robin this
 * morning" says neither yes nor Mondays).
 */
const TOLD_NOT_CHOSEN = new Set<IntentSet>([...CHOSEN_FOR_ONESELF, 'yes_no']);

/** Where a story chooses nothing, the phrases that say the resident chooses (`_own_choice`). */
export function ownChoices(file: IntentsFile, set: IntentSet): string[] {
  return TOLD_NOT_CHOSEN.has(set) ? (file._own_choice ?? []) : [];
}
/** Where a story chooses nothing, the phrases that say the message tells rather than chooses (`_narration`). */
export function narrations(file: IntentsFile, set: IntentSet): string[] {
  return TOLD_NOT_CHOSEN.has(set) ? (file._narration ?? []) : [];
}
/** Locale → its intents file. */
export type IntentsByLocale = ReadonlyMap<string, IntentsFile>;

/** The days of the week in order, for days told by another ("the day after"). */
export const WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const satisfies readonly (typeof INTENT_SETS.need)[number][];

/**
 * When both are named, the first intent is what the message is about ("moved here for a new job" is moving for
 * work, not just moving home; "gay men's group" is LGBT+, not men's groups): the more specific wins.
 */
export const MORE_SPECIFIC: Partial<Record<IntentSet, readonly (readonly [string, string])[]>> = {
  life_event: [
    ['moving_for_study_or_work', 'moving_home'], ['children_left_home', 'moving_home'], ['new_to_country', 'moving_home'],
    ['moving_for_study_or_work', 'leaving_care_or_education'], ['caring', 'health'], ['bereavement', 'health'],
    ['coming_out', 'break_up'], ['job_loss', 'retirement'], ['caring', 'retirement'], ['break_up', 'retirement'], ['bereavement', 'retirement'], ['caring', 'job_loss'], ['bereavement', 'caring'], ['new_parent', 'health'],
    ['break_up', 'moving_home'], ['job_loss', 'moving_home'], ['bereavement', 'moving_home'], ['break_up', 'children_left_home'],
  ],
  interest: [
    ['lgbt', 'mens_groups'], ['lgbt', 'young_people'], ['lgbt', 'support_group'], ['mens_groups', 'support_group'],
    ['bereavement', 'support_group'], ['carers', 'support_group'], ['parents_babies', 'support_group'], ['support_group', 'community_cafe'],
    ['english_language', 'class_course'], ['digital_skills', 'class_course'], ['young_people', 'support_group'], ['bereavement', 'befriending'],
    ['community_cafe', 'befriending'], ['parents_babies', 'class_course'], ['young_people', 'class_course'],
    ['lgbt', 'community_cafe'], ['mens_groups', 'community_cafe'], ['young_people', 'community_cafe'], ['walking', 'gardening_nature'], ['carers', 'befriending'],
    // A meal "with people my age" or a group "at the mosque or a community centre" is about the meal and the faith.
    ['lunch_club', 'young_people'], ['faith_culture', 'community_cafe'],
    ['parents_babies', 'befriending'], ['lgbt', 'befriending'], ['english_language', 'befriending'], ['mens_groups', 'befriending'], ['young_people', 'befriending'],
  ],
  /** A day named with a time of day ("fridays after 1", "saturday mornings") is about that day. */
  need: WEEK.flatMap((day) =>
    (['mornings', 'afternoons', 'evenings'] as const).map((time) => [day, time] as const),
  ),
  global: [['goodbye', 'thanks']],
};

/** The answer that is everything but another: "any day but the weekend" is weekdays (see `_except`). */
export const COMPLEMENT: Partial<Record<IntentSet, readonly (readonly [string, string])[]>> = {
  need: [['weekend', 'weekdays'], ['weekdays', 'weekend']],
};
/** What a free-text answer means; confidence 0–1. */
export const intentMatchSchema = z.object({ intent: z.string(), confidence: z.number().min(0).max(1) });
export type IntentMatch = z.infer<typeof intentMatchSchema>;
export type IntentRequest = { text: string; locale: string; set: string };
