import { z } from 'zod';

/** Names the comms team writes: steps, flows, variables. Lowercase so typos in case can't split a name. */
export const nameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'use lowercase letters, digits and _ only, starting with a letter');
export const contentKeySchema = z
  .string()
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'a content key looks like "checkin.intro": words joined by dots');
/** `step_name` in this flow, or `flow:other_flow` to jump to the start of another flow. */
export const targetSchema = z
  .string()
  .regex(/^(flow:)?[a-z][a-z0-9_]*$/, 'a next is a step name in this flow, or flow:<name> for another flow');

export const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof scalarSchema>;

const sayKeysSchema = z.union([contentKeySchema, z.array(contentKeySchema).min(1)]);

/** Structured conditions on saved answers: no expressions, no code in YAML. */
export type Condition =
  | { var: string; equals?: Scalar; in?: Scalar[]; gte?: number; lte?: number; answered?: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z
      .strictObject({
        var: nameSchema,
        equals: scalarSchema.optional(),
        in: z.array(scalarSchema).min(1).optional(),
        gte: z.number().optional(),
        lte: z.number().optional(),
        answered: z.boolean().optional(),
      })
      .refine((c) => Object.keys(c).length > 1, 'say what to test: equals, in, gte, lte or answered'),
  ]),
);

/** Values a `set` step can compute. `sum` is empty (unanswered) if any part is unanswered. */
export const valueExprSchema = z.union([
  scalarSchema,
  z.strictObject({ sum: z.array(nameSchema).min(1) }),
  z.strictObject({ copy: nameSchema }),
  /** The first minus the second (a score now against one before); empty if either is unanswered. */
  z.strictObject({ difference: z.tuple([nameSchema, nameSchema]) }),
  z.strictObject({ clear: z.literal(true) }),
  z.strictObject({
    band: nameSchema,
    bands: z.array(z.strictObject({ name: z.string(), from: z.number(), to: z.number() })).min(1),
  }),
]);
export type ValueExpr = z.infer<typeof valueExprSchema>;

/** Dynamic text the engine composes from content collections (tips, helplines…), filtered by answers. */
export const showSchema = z.string().regex(/^[a-z_]+$/);

const optionSchema = z.strictObject({
  label: contentKeySchema,
  /** What to save when `save` is set; defaults to the option's position (1, 2, 3…). */
  value: scalarSchema.optional(),
  next: targetSchema.optional(),
  /** Show the next page of the step's `show` list and ask again. */
  more: z.literal(true).optional(),
  /** Also accept this free-text intent (from content/<locale>/intents.yaml) as choosing the option. */
  intent: z.string().optional(),
  /** Only offer the option when this holds. */
  if: conditionSchema.optional(),
  /** Not listed or numbered: chosen only by its words or intent (e.g. MORE under a list that says so). */
  hidden: z.literal(true).optional(),
});

const base = {
  say: sayKeysSchema.optional(),
  show: showSchema.optional(),
};

const messageStep = z.strictObject({ type: z.literal('message'), ...base, next: targetSchema });
const choiceStep = z.strictObject({
  type: z.literal('choice'),
  ...base,
  save: nameSchema.optional(),
  // At most 12 listed (a longer list is a wall of text by SMS); hidden ones are chosen only by their words.
  options: z
    .array(optionSchema)
    .min(1)
    .max(32)
    .refine((options) => options.filter((o) => !o.hidden).length <= 12, 'list at most 12 options; mark the rest hidden: true'),
  /** Read free-text answers with this intent set, so options with a matching `intent` are chosen. */
  intents: nameSchema.optional(),
  /** The entries of the step's `show:` list can be chosen by their number: save the chosen id, go to `next`. */
  items: z.strictObject({ save: nameSchema.optional(), next: targetSchema }).optional(),
  /** Where "skip" goes; when absent the question can't be skipped. */
  skip: targetSchema.optional(),
  /** What to say when the answer can't be read (defaults to the general re-prompt); the options follow it. */
  invalid: contentKeySchema.optional(),
  /** Keep the shown list's page in this answer, so coming back to the step carries on where it was (tips). */
  page: nameSchema.optional(),
});
const textStep = z.strictObject({
  type: z.literal('text'),
  ...base,
  save: nameSchema.optional(),
  /** How to read the answer: a set of intents, a place, a first name (kept only for a callback), a number, or anything. */
  accept: z.union([
    z.strictObject({ intents: nameSchema }),
    z.literal('place'),
    z.literal('first_name'),
    z.literal('number'),
    z.literal('anything'),
  ]),
  /** Where particular intents go; everything else goes to `next`. */
  routes: z.record(nameSchema, targetSchema).optional(),
  /** The intent to use when none is recognised (the words themselves are never kept); without it, re-ask. */
  otherwise: nameSchema.optional(),
  /** Keep every intent recognised ("walking and gardening"), joined with commas, not just the best. */
  many: z.literal(true).optional(),
  next: targetSchema,
  skip: targetSchema.optional(),
  /** What to say when the answer can't be read (defaults to the general re-prompt). */
  invalid: contentKeySchema.optional(),
});
const setStep = z.strictObject({
  type: z.literal('set'),
  values: z.record(nameSchema, valueExprSchema),
  next: targetSchema,
});
/**
 * Ask the host to come back later, with the follow-up flow of that name: only ever after the resident agreed
 * to it. `keep` names saved answers the follow-up needs then (the score to compare with); nothing else travels.
 */
const scheduleStep = z.strictObject({
  type: z.literal('schedule'),
  follow_up: nameSchema,
  after_days: z.number().int().min(1).max(90),
  keep: z.array(nameSchema).optional(),
  next: targetSchema,
});
export type ScheduleStep = z.infer<typeof scheduleStep>;
const branchStep = z.strictObject({
  type: z.literal('branch'),
  when: z.array(z.strictObject({ if: conditionSchema, next: targetSchema })).min(1),
  else: targetSchema,
});
const endStep = z.strictObject({
  type: z.literal('end'),
  say: sayKeysSchema.optional(),
  show: showSchema.optional(),
  /** The flow whose start greets the resident's next message (default: the menu flow). */
  then: nameSchema.optional(),
});

export const stepSchema = z.discriminatedUnion('type', [messageStep, choiceStep, textStep, setStep, scheduleStep, branchStep, endStep]);
export type Step = z.infer<typeof stepSchema>;
export type ChoiceStep = z.infer<typeof choiceStep>;
export type TextStep = z.infer<typeof textStep>;
export type ChoiceOption = z.infer<typeof optionSchema>;

export const flowFileSchema = z.strictObject({
  version: z.literal(1),
  flow: nameSchema,
  /** One line for people reading the file; never shown to residents. */
  description: z.string().optional(),
  start: nameSchema,
  /** Saved answers that may be counted in anonymous analytics (never free text). */
  report: z.array(nameSchema).optional(),
  steps: z.record(nameSchema, stepSchema),
});
export type FlowFile = z.infer<typeof flowFileSchema>;
