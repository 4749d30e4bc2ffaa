import { randomUUID } from 'node:crypto';
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

/** The contact sealed for keeping in a follow-up job: "s:+44…" or "w:+44…", short because every pending job holds one. */
export function sealContact(sealer: Sealer, contact: Contact): string {
  return sealer.seal(`${contact.channel === 'sms' ? 's' : 'w'}:${contact.address}`);
}

/** The contact from a job, or null when there is none or it cannot be opened (another key, tampered with). */
export function openContact(sealer: Sealer, sealed: string | undefined): Contact | null {
  const plain = sealed ? sealer.open(sealed) : null;
  if (!plain) return null;
  const parsed = contactSchema.safeParse({ channel: plain.startsWith('w:') ? 'whatsapp' : 'sms', address: plain.slice(2) });
  return parsed.success ? parsed.data : null;
}

/**
 * What the follow-ups keep besides the jobs (which hold the sealed contact, so it goes when they go): a claim
 * per send so a retried or doubled job never texts twice, and each sent message's delivery status.
 */
export interface FollowUpRecords {
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

/** For a laptop: in this process. */
export function createMemoryFollowUpRecords(clock: () => number = Date.now): FollowUpRecords {
  const claims = new Map<string, number>();
  const deliveries = new Map<string, Delivery>();
  return {
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

/** On the store's Redis: each key expires on its own. */
export function createRedisFollowUpRecords(redis: Redis, options: { prefix?: string } = {}): FollowUpRecords {
  const prefix = options.prefix ?? 'signpost:';
  const claimKey = (sendId: string) => `${prefix}fu:sent:${sendId}`;
  const deliveryKey = (sid: string) => `${prefix}fu:delivery:${sid}`;
  return {
    async claimSend(sendId) {
      const mine = randomUUID();
      try {
        return (await redis.set(claimKey(sendId), mine, 'PX', RECORD_TTL_MS, 'NX')) === 'OK';
      } catch {
        // The answer was lost (a command timeout under load), not necessarily the write: had the claim been taken
        // but reported failed, the retry would find it taken and the follow-up would never go. Read back whose it is.
        return (await redis.get(claimKey(sendId))) === mine;
      }
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
