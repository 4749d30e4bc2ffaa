import { z } from 'zod';

/** What a resident chose in the callback flow (flows/callback.yaml saves these values). */
export const callbackMethodSchema = z.enum(['call', 'text']);
export const callbackTimeSchema = z.enum(['morning', 'afternoon', 'evening', 'any']);
export const callbackTopicSchema = z.enum(['company', 'activities', 'practical', 'other']);
export const callbackStatusSchema = z.enum(['new', 'contacted', 'closed', 'withdrawn']);
export type CallbackStatus = z.infer<typeof callbackStatusSchema>;

/** Open requests are the ones a connector still has to act on; a person has at most one. */
export const OPEN_STATUSES: readonly CallbackStatus[] = ['new', 'contacted'];

/** A request as the inbox and the admin API see it: never the number, which is revealed on its own (audited). */
export interface CallbackRequest {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  channel: string;
  locale: string;
  method: z.infer<typeof callbackMethodSchema>;
  bestTime: z.infer<typeof callbackTimeSchema>;
  topic: z.infer<typeof callbackTopicSchema>;
  firstName: string | null;
  hasNumber: boolean;
  status: CallbackStatus;
  note: string | null;
  closedAt: Date | null;
  /** How the team was told: each kind's status, attempts and last error (visible in the inbox). */
  notifications: { kind: string; status: string; attempts: number; lastError: string | null }[];
}

/** The request as recorded at the end of the flow; phone and name are encrypted before they reach the store. */
export interface NewCallbackRequest {
  conversationId: string;
  contactHash: string;
  channel: string;
  locale: string;
  method: CallbackRequest['method'];
  bestTime: CallbackRequest['bestTime'];
  topic: CallbackRequest['topic'];
  phone: string | null;
  firstName: string | null;
}
