import type { Redis } from 'ioredis';
import { z } from 'zod';
import { channelSchema } from '../conversation/reply.js';
import type { Sealer } from './seal.js';

/** Where a follow-up goes: the only place a phone number is kept, sealed, and only for someone who agreed. */
export const contactSchema = z.object({ channel: channelSchema, address: z.string().regex(/^\+[1-9]\d{6,14}$/) });
export type Contact = z.infer<typeof contactSchema>;

export interface Delivery {
  job: string;
  status: string;
  errorCode?: number;
}

/**
 * What the follow-ups keep besides the jobs: the sealed contact (until the last follow-up, then gone), a claim
 * per send so a retried or doubled job never texts twice, and each sent message's delivery status.
 */
export interface FollowUpRecords {
  keepContact(conversationId: string, contact: Contact, untilMs: number): Promise<void>;
  readContact(conversationId: string): Promise<Contact | null>;
  eraseContact(conversationId: string): Promise<void>;
  /** True for the first caller only: that one sends. */
  claimSend(sendId: string): Promise<boolean>;
  releaseSend(sendId: string): Promise<void>;
  recordDelivery(messageSid: string, delivery: Delivery): Promise<void>;
  /** A status callback for a follow-up's message: updates its record; false when the message was not a follow-up. */
  updateDelivery(messageSid: string, status: string, errorCode?: number): Promise<boolean>;
  readDelivery(messageSid: string): Promise<Delivery | null>;
}

/** Claims and delivery records outlive any retry, then go. */
const RECORD_TTL_MS = 30 * 86_400_000;

function openContact(sealer: Sealer, sealed: string | null | undefined): Contact | null {
  const plain = sealed ? sealer.open(sealed) : null;
  if (!plain) return null;
  const parsed = contactSchema.safeParse(JSON.parse(plain));
  return parsed.success ? parsed.data : null;
}

/** For a laptop: in this process, with the same sealing so nothing differs but where it lives. */
export function createMemoryFollowUpRecords(sealer: Sealer, clock: () => number = Date.now): FollowUpRecords {
  const contacts = new Map<string, { sealed: string; until: number }>();
  const claims = new Map<string, number>();
  const deliveries = new Map<string, Delivery>();
  return {
    async keepContact(id, contact, untilMs) {
      contacts.set(id, { sealed: sealer.seal(JSON.stringify(contact)), until: untilMs });
    },
    async readContact(id) {
      const held = contacts.get(id);
      if (held && held.until <= clock()) contacts.delete(id);
      return held && held.until > clock() ? openContact(sealer, held.sealed) : null;
    },
    async eraseContact(id) {
      contacts.delete(id);
    },
    async claimSend(sendId) {
      if (claims.has(sendId)) return false;
      claims.set(sendId, clock());
      return true;
    },
    async releaseSend(sendId) {
      claims.delete(sendId);
    },
    async recordDelivery(sid, delivery) {
      deliveries.set(sid, delivery);
    },
    async updateDelivery(sid, status, errorCode) {
      const known = deliveries.get(sid);
      if (!known) return false;
      deliveries.set(sid, { ...known, status, ...(errorCode !== undefined ? { errorCode } : {}) });
      return true;
    },
    async readDelivery(sid) {
      return deliveries.get(sid) ?? null;
    },
  };
}

/** On the store's Redis: each key expires on its own, the contact at the last follow-up's time. */
export function createRedisFollowUpRecords(redis: Redis, sealer: Sealer, options: { prefix?: string; clock?: () => number } = {}): FollowUpRecords {
  const prefix = options.prefix ?? 'signpost:';
  const clock = options.clock ?? Date.now;
  const contactKey = (id: string) => `${prefix}fu:contact:${id}`;
  const claimKey = (sendId: string) => `${prefix}fu:sent:${sendId}`;
  const deliveryKey = (sid: string) => `${prefix}fu:delivery:${sid}`;
  return {
    async keepContact(id, contact, untilMs) {
      await redis.set(contactKey(id), sealer.seal(JSON.stringify(contact)), 'PX', Math.max(1, untilMs - clock()));
    },
    async readContact(id) {
      return openContact(sealer, await redis.get(contactKey(id)));
    },
    async eraseContact(id) {
      await redis.del(contactKey(id));
    },
    async claimSend(sendId) {
      return (await redis.set(claimKey(sendId), '1', 'PX', RECORD_TTL_MS, 'NX')) === 'OK';
    },
    async releaseSend(sendId) {
      await redis.del(claimKey(sendId));
    },
    async recordDelivery(sid, delivery) {
      await redis.set(deliveryKey(sid), JSON.stringify(delivery), 'PX', RECORD_TTL_MS);
    },
    async updateDelivery(sid, status, errorCode) {
      const raw = await redis.get(deliveryKey(sid));
      if (!raw) return false;
      const known = JSON.parse(raw) as Delivery;
      await redis.set(deliveryKey(sid), JSON.stringify({ ...known, status, ...(errorCode !== undefined ? { errorCode } : {}) }), 'PX', RECORD_TTL_MS);
      return true;
    },
    async readDelivery(sid) {
      const raw = await redis.get(deliveryKey(sid));
      return raw ? (JSON.parse(raw) as Delivery) : null;
    },
  };
}
