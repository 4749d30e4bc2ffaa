import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
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

const lineSchema = z.union([
  z.object({ message: spooledMessageSchema }),
  z.object({ done: z.number().int() }),
  /** The replay of message `started` began, and its first `parts` replies were sent or were about to be. */
  z.object({ started: z.number().int(), parts: z.number().int() }),
]);

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
  private readonly progress = new Map<number, number>();
  private nextSeq = 1;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private file: FileHandle,
    private readonly path: string,
    private readonly key: Buffer,
  ) {}

  /** Open (or create) the spool at `path` and load what a previous run left unreplayed. */
  static async open(path: string, secret: string): Promise<OutageSpool> {
    mkdirSync(dirname(path), { recursive: true });
    const key = createHmac('sha256', secret).update('signpost-outage-spool-v1').digest();
    const spool = new OutageSpool(await open(path, 'a+'), path, key);
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

  /** Whether a message is still waiting (not replayed, not forgotten). */
  isPending(seq: number): boolean {
    return this.pendingRecords.has(seq);
  }

  /** How many of a message's replies were sent or about to be when its replay last stopped; null if it never began. */
  progressOf(seq: number): number | null {
    return this.progress.get(seq) ?? null;
  }

  /**
   * Write down, before acting, that a message's replay has begun (`parts` 0) or that its first `parts` replies
   * are going out: on disk before the send, so a crash between a send and Twilio's answer never sends it again.
   */
  async recordProgress(seq: number, parts: number): Promise<void> {
    if (!this.pendingRecords.has(seq)) return;
    this.progress.set(seq, parts);
    await this.write({ started: seq, parts });
  }

  /**
   * The person asked for everything to be erased: drop these conversations' messages that arrived by `until`,
   * and rewrite the file without them, so their words and number leave the disk now rather than whenever the
   * spool next empties. Returns how many went.
   */
  async forget(conversationIds: string[], until: number): Promise<number> {
    const ids = new Set(conversationIds);
    const gone = this.pending().filter((record) => ids.has(record.conversationId) && record.at <= until);
    if (gone.length === 0) return 0;
    for (const record of gone) this.untrack(record);
    await this.serially(() => this.rewrite());
    return gone.length;
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
    this.progress.delete(record.seq);
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

  /** The file as it would be had only what is pending been written: a new file, synced, then renamed over the old. */
  private async rewrite(): Promise<void> {
    const lines = this.pending().flatMap((message) => {
      const parts = this.progress.get(message.seq);
      return [{ message }, ...(parts === undefined ? [] : [{ started: message.seq, parts }])];
    });
    const temporary = `${this.path}.rewrite`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(lines.map((line) => `${this.encrypt(JSON.stringify(line))}\n`).join(''));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await this.file.close();
    await rename(temporary, this.path);
    this.file = await open(this.path, 'a+');
    // The rename itself must survive a crash, or the old file (and the erased messages) would come back.
    const folder = await open(dirname(this.path), 'r');
    await folder.sync().finally(() => folder.close());
  }

  /** One file operation at a time, in call order. */
  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.writing.then(operation, operation);
    this.writing = run.catch(() => {});
    return run;
  }

  private load(text: string): void {
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      const parsed = lineSchema.safeParse(this.decrypt(raw));
      // A line cut short by a crash mid-write, or written under another ID_SECRET, cannot be read: skip it.
      if (!parsed.success) continue;
      const line = parsed.data;
      if ('message' in line) this.track(line.message);
      else if ('started' in line) {
        if (this.pendingRecords.has(line.started)) this.progress.set(line.started, line.parts);
      } else {
        const record = this.pendingRecords.get(line.done);
        if (record) this.untrack(record);
      }
      const seq = 'message' in line ? line.message.seq : 'started' in line ? line.started : line.done;
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
