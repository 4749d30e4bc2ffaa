import { z } from 'zod';

export const safetyCategorySchema = z.enum(['suicide_self_harm', 'abuse', 'emergency', 'harm_to_others']);
export type SafetyCategory = z.infer<typeof safetyCategorySchema>;

const patterns = z.array(z.string().trim().min(1)).default([]);

/** One `<category>.yaml`: what is a clear risk, what only warrants a softer check-in, and what is never a risk. */
export const categoryLexiconSchema = z.strictObject({
  clear: patterns,
  check: patterns,
  exclude: patterns,
});
export type CategoryLexicon = z.infer<typeof categoryLexiconSchema>;

/** `common.yaml`: spelling fixes and negation words shared by every category. */
export const commonLexiconSchema = z.strictObject({
  spelling: z.record(z.string().min(1), z.string().min(1)).default({}),
  fuzzy: z.array(z.string().min(5)).default([]),
  negation: z.strictObject({
    words: z.array(z.string().min(1)).min(1),
    bridges: z.array(z.string().min(1)).default([]),
    reach: z.number().int().min(1).max(8).default(4),
  }),
});
export type CommonLexicon = z.infer<typeof commonLexiconSchema>;

export const safetyLexiconSchema = z.object({
  common: commonLexiconSchema,
  categories: z.object({
    suicide_self_harm: categoryLexiconSchema,
    abuse: categoryLexiconSchema,
    emergency: categoryLexiconSchema,
    harm_to_others: categoryLexiconSchema,
  }),
});
export type SafetyLexicon = z.infer<typeof safetyLexiconSchema>;
