import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { channelSchema } from '../conversation/reply.js';

/** One message kept while the store could not take it: what is needed to run its turn and send the replies. */
export const spooledMessageSchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  channel: channelSchema,
  /** The resident's number, to send the replies to (E.164). Encrypted on disk, gone once replayed. */
  to: z.string(),
  conversationId: z.string(),
  messageId: z.string().optional(),
  idempotencyToken: z.string().optional(),
  text: z.string(),
  mediaCount: z.number().int(),
  carrierOptOut: z.enum(['STOP', 'START', 'HELP']).optional(),
  /** Already answered in full when it arrived (a crisis message): replay runs the turn but sends nothing. */
  answered: z.boolean(),
});
export type SpooledMessage = z.infer<typeof spooledMessageSchema>;

const lineSchema = z.union([z.object({ message: spooledMessageSchema }), z.object({ done: z.number().int() })]);

/**
 * A durable local queue for messages that arrive while Redis is down: an append-only file, each record written
 * and fsynced before the webhook answers, so a crash or SIGKILL right after loses nothing. A record is marked
 * done (another appended line) once replayed; when nothing is left the file is emptied. Every line is
 * encrypted (AES-256-GCM, key derived from ID_SECRET): the file holds numbers and words only until the store
 * is back, and unreadably even then.
 */
export class OutageSpool {
  private readonly pendingRecords = new Map<number, SpooledMessage>();
  private readonly byConversation = new Map<string, number>();
  private nextSeq = 1;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: FileHandle,
    private readonly key: Buffer,
  ) {}

  /** Open (or create) the spool at `path` and load what a previous run left unreplayed. */
  static async open(path: string, secret: string): Promise<OutageSpool> {
    mkdirSync(dirname(path), { recursive: true });
    const key = createHmac('sha256', secret).update('signpost-outage-spool-v1').digest();
    const spool = new OutageSpool(await open(path, 'a+'), key);
    const text = readFileSync(path, 'utf8');
    spool.load(text);
    // A line torn by a crash mid-write is ended, so the next record starts on a line of its own.
    if (text && !text.endsWith('\n')) await spool.serially(() => spool.file.appendFile('\n'));
    return spool;
  }

  /** Messages not yet replayed, oldest first. */
  pending(): SpooledMessage[] {
    return [...this.pendingRecords.values()].sort((a, b) => a.seq - b.seq);
  }

  /** A conversation with messages still waiting here: its next messages must queue behind them. */
  holds(conversationId: string): boolean {
    return (this.byConversation.get(conversationId) ?? 0) > 0;
  }

  /** Keep a message; resolves once it is on disk. */
  async append(message: Omit<SpooledMessage, 'seq' | 'at'>, at = Date.now()): Promise<SpooledMessage> {
    const record = { ...message, seq: this.nextSeq++, at };
    this.track(record);
    try {
      await this.write({ message: record });
    } catch (error) {
      this.untrack(record);
      throw error;
    }
    return record;
  }

  /** Mark a message replayed; the file is emptied once nothing is left. */
  async markDone(seq: number): Promise<void> {
    const record = this.pendingRecords.get(seq);
    if (!record) return;
    this.untrack(record);
    await this.write({ done: seq });
    if (this.pendingRecords.size === 0) await this.serially(() => this.file.truncate(0).then(() => this.file.datasync()));
  }

  async close(): Promise<void> {
    await this.writing.catch(() => {});
    await this.file.close();
  }

  private track(record: SpooledMessage): void {
    this.pendingRecords.set(record.seq, record);
    this.byConversation.set(record.conversationId, (this.byConversation.get(record.conversationId) ?? 0) + 1);
  }

  private untrack(record: SpooledMessage): void {
    if (!this.pendingRecords.delete(record.seq)) return;
    const left = (this.byConversation.get(record.conversationId) ?? 1) - 1;
    if (left > 0) this.byConversation.set(record.conversationId, left);
    else this.byConversation.delete(record.conversationId);
  }

  private write(line: z.infer<typeof lineSchema>): Promise<void> {
    const encrypted = `${this.encrypt(JSON.stringify(line))}\n`;
    return this.serially(async () => {
      await this.file.appendFile(encrypted);
      await this.file.datasync();
    });
  }

  /** One file operation at a time, in call order. */
  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.writing.then(operation, operation);
    this.writing = run.catch(() => {});
    return run;
  }

  private load(text: string): void {
    for (const line of text.split('\n')) {
      if (!line) continue;
      const parsed = lineSchema.safeParse(this.decrypt(line));
      // A line cut short by a crash mid-write, or written under another ID_SECRET, cannot be read: skip it.
      if (!parsed.success) continue;
      if ('message' in parsed.data) this.track(parsed.data.message);
      else {
        const record = this.pendingRecords.get(parsed.data.done);
        if (record) this.untrack(record);
      }
      const seq = 'message' in parsed.data ? parsed.data.message.seq : parsed.data.done;
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
    }
  }

  private encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  private decrypt(line: string): unknown {
    try {
      const raw = Buffer.from(line, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
    } catch {
      return null;
    }
  }
}
