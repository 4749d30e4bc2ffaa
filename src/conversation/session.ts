import { z } from 'zod';
import { scalarSchema } from '../flow/flow-schema.js';

/** Bumped when the stored shape changes; older sessions then restart gently instead of failing. */
export const SESSION_DATA_VERSION = 1;

export const TRAIL_LENGTH = 5;

/** Everything kept between turns for one conversation. Never a phone number or a message text. */
export const sessionSchema = z.object({
  v: z.literal(SESSION_DATA_VERSION),
  /** Version of the flows this session was last advanced with. */
  flows: z.string(),
  locale: z.string(),
  /** The step waiting for an answer ("flow.step"), or null before the conversation has begun. */
  at: z.string().nullable(),
  /** Saved answers (option values, intent ids, numbers): never free text. */
  vars: z.record(z.string(), scalarSchema),
  /** Earlier questions, most recent last, for BACK (a few are enough, and keep the session small). */
  trail: z.array(z.string()).max(TRAIL_LENGTH),
  /** Unrecognised answers in a row at the current step. */
  misses: z.number().int().min(0),
  /** Page of the current step's list (tips, activities…). */
  page: z.number().int().min(0),
  optedOut: z.boolean().optional(),
  /** A question the engine itself asked and is waiting on. */
  pending: z.enum(['delete', 'language', 'safety_check', 'safety_resume', 'welcome_back', 'campaign']).optional(),
  /** When safety help was last given and how many times in a row, so repeats are shorter. */
  safety: z.object({ at: z.number(), count: z.number().int(), checking: z.string().optional() }).optional(),
  /** Follow-ups the resident agreed to and when each is due (ms), so a cancelled or stale job is recognised. */
  followUps: z.record(z.string(), z.number()).optional(),
  /** Campaign keyword that started the conversation (tag only). */
  campaign: z.string().optional(),
  /** Whether that campaign was running when it started the conversation. */
  campaignStatus: z.enum(['active', 'expired', 'upcoming']).optional(),
  /** A campaign offered mid-conversation, waiting for a yes before the conversation is restarted. */
  campaignOffer: z.object({ campaign: z.string(), via: z.enum(['keyword', 'referral']), locale: z.string().optional() }).optional(),
  startedAt: z.number(),
  lastSeenAt: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

export function serialiseSession(session: Session): string {
  return JSON.stringify(session);
}

/** A stored session, or null when it is unreadable or from an older data version (the engine restarts gently). */
export function parseSession(raw: string | null): Session | null {
  if (raw === null) return null;
  try {
    const parsed = sessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A deep copy of a session, so a turn never changes the one it was given. A session is plain JSON (objects, arrays,
 * scalars), so this copies as a JSON round trip would (an undefined field is left out) without writing text.
 */
export function copySession(session: Session): Session {
  return copyJson(session) as Session;
}

function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== undefined) copy[key] = copyJson(field);
  return copy;
}

export function newSession(locale: string, flowsVersion: string, now: number): Session {
  return { v: SESSION_DATA_VERSION, flows: flowsVersion, locale, at: null, vars: {}, trail: [], misses: 0, page: 0, startedAt: now, lastSeenAt: now };
}
