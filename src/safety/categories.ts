import { z } from 'zod';

/**
 * What the screen can find, each with its own help. child_at_risk: a child disclosing harm, or an adult worried
 * about a child (Childline territory, not the domestic-abuse line). harm_to_others: the writer may hurt someone,
 * including carers and parents at breaking point.
 */
export const safetyCategorySchema = z.enum(['suicide_self_harm', 'abuse', 'child_at_risk', 'emergency', 'harm_to_others']);
export type SafetyCategory = z.infer<typeof safetyCategorySchema>;

/**
 * Most urgent first: ties between categories at the same level go to the earlier one. harm_to_others comes before
 * abuse: a carer or parent who fears or admits hurting someone needs that help even when the person they care for
 * hurts them too. This is safe only because the harm rules need the writer as the actor (another person's act or
 * reported threat is not read as the writer's: `harm_done`, `not_after` in the rules).
 */
export const URGENCY: readonly SafetyCategory[] = ['emergency', 'suicide_self_harm', 'child_at_risk', 'harm_to_others', 'abuse'];

/** Languages the screen has words for. A new language adds its code here and its folders of concepts and rules. */
export const screenLanguageSchema = z.enum(['en', 'pl', 'ur']);
export type ScreenLanguage = z.infer<typeof screenLanguageSchema>;

/** 'check' = the gentle direct question: a weaker, negated or hedged signal, which must never mean "no risk". */
export type SafetyLevel = 'clear' | 'check';
/** language: the language whose words or model found the risk, so the help can be given in it. */
export type SafetyHit = { category: SafetyCategory; level: SafetyLevel; language?: ScreenLanguage };
export type ScreenMessage = (text: string) => SafetyHit | null;
