import { z } from 'zod';

const wordings = z.array(z.string().trim().min(1)).min(1);

/** concepts/<lang>/language.yaml: spelling fixes and negation for one language. */
export const languageSettingsSchema = z.strictObject({
  /** word → what it means ("kms" → "kill myself", "sewerslide" → "suicide"). One word on the left. */
  spelling: z.record(z.string().min(1), z.string().min(1)).default({}),
  /**
   * For a language written by ear (Roman Urdu): letter groups read as one sound when an unknown word is compared
   * with the rules' words ("ee" → "i"; "ay$" only at the end of a word), which letters are vowels (a word typed
   * without its inner vowels is compared by its consonants), and the shortest word compared. See spelling-key.ts.
   */
  spelling_key: z
    .strictObject({
      letters: z.record(z.string().min(1), z.string()),
      vowels: z.string().min(1),
      min_length: z.number().int().min(3).default(4),
      /** The one vowel a word shorter than min_length may be typed without ("kr" for "kar", "lg" for "lag"); none when absent. */
      short_dropped: z.string().length(1).optional(),
    })
    .optional(),
  /** Long, unmistakable words where one typo is forgiven (two from 8 letters). */
  fuzzy: z.array(z.string().min(5)).default([]),
  /**
   * Concepts whose words show a message is about a risk at all. The classifier alone acts only on a message with
   * one of their words (not counting `everyday` ones): everyday chat is never asked about on statistics alone.
   */
  signal: z.array(z.string().min(1)).default([]),
  /** Common words that appear in signal concepts but say nothing on their own ("all", "over", "the"). */
  everyday: z.array(z.string().min(1)).default([]),
  /**
   * Concepts that mark a sentence as a joke, a quote or fiction ("lol", "in the film"). A clear finding that
   * needs such a sentence is softened to the check question, never dropped: a joke may hide a real disclosure.
   */
  framing: z.array(z.string().min(1)).default([]),
  /**
   * Concepts that start a new clause within a sentence ("and i", "but i"): a fiction or quote frame covers only
   * its own clause, so "in the film he jumps, and i have taken 30 tablets" keeps the full reply.
   */
  clause_breaks: z.array(z.string().min(1)).default([]),
  negation: z.strictObject({
    words: z.array(z.string().min(1)).min(1),
    /** Words allowed between a negation and the match ("not GOING TO kill"). */
    bridges: z.array(z.string().min(1)).default([]),
    reach: z.number().int().min(1).max(8).default(4),
  }),
});
export type LanguageSettings = z.infer<typeof languageSettingsSchema>;

/** Any other concepts/<lang>/*.yaml: concept name → its wordings (patterns, which may use other @concepts). */
export const conceptFileSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a concept name is lowercase letters, digits and _'), wordings);

/** One rule: a pattern over concepts and words, with the messages it must catch and must leave alone. */
export const ruleSchema = z.strictObject({
  match: z.string().trim().min(1),
  examples: wordings,
  not: z.array(z.string().trim().min(1)).default([]),
  /**
   * Exclude rules: the everyday phrase is left in when its sentence matches this pattern too ("scald myself with
   * the kettle" is an accident, unless the sentence says it is done on purpose or "when it gets bad"). Clear and
   * check rules: a match whose own words match this pattern does not count ("i think he will kill him" starts with
   * the writer but the harm is his: an opinion about someone else's threat).
   */
  unless: z.string().trim().min(1).optional(),
  /**
   * Clear and check rules only: a match straight after words that match this pattern does not count. For reported
   * speech: in "my husband says he'll kill the kids" the threat is another person's, not the writer's.
   */
  not_after: z.string().trim().min(1).optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

/** rules/<lang>/<category>.yaml. exclude: everyday phrases taken out of the message before any rule runs. */
export const ruleFileSchema = z.strictObject({
  clear: z.array(ruleSchema).default([]),
  check: z.array(ruleSchema).default([]),
  exclude: z.array(ruleSchema).default([]),
});
export type RuleFile = z.infer<typeof ruleFileSchema>;
