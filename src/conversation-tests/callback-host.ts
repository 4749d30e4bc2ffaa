import { randomBytes } from 'node:crypto';
import type { Bot } from '../bot.js';
import { createCallbackRecords } from '../callbacks/callback-records.js';
import { createCallbackStage } from '../callbacks/callback-stage.js';
import { createContactCipher } from '../callbacks/contact-cipher.js';
import { contactHashFor } from '../callbacks/contact-hash.js';
import { createTranslator } from '../content/translate.js';
import type { AfterTurn } from '../conversation/handle-message.js';
import type { Contact } from '../followups/follow-up-records.js';
import type { Database } from '../records/database.js';
import { openDatabase } from '../records/open-database.js';

const ID_SECRET = 'scripted-conversations-secret';

/** Callback requests stored for one resident, as `stored:` in a script checks them. */
export interface StoredCallbacks {
  total: number;
  open: number;
  withNumber: number;
  withName: number;
}

/** The server's part after each turn, as a script's resident meets it: the callback stage and what it stored. */
export interface ScriptHost {
  afterTurn: AfterTurn;
  contact: Contact;
  conversationId: string;
  stored: () => Promise<StoredCallbacks>;
}

/** What is stored for one resident (by contact hash). */
export async function storedFor(db: Database, contactHash: string): Promise<StoredCallbacks> {
  const [row] = await db.query<{ total: string; open: string; with_number: string; with_name: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE status IN ('new', 'contacted')) AS open,
            count(phone_encrypted) AS with_number, count(first_name_encrypted) AS with_name
     FROM callback_requests WHERE contact_hash = $1`,
    [contactHash],
  );
  return { total: Number(row!.total), open: Number(row!.open), withNumber: Number(row!.with_number), withName: Number(row!.with_name) };
}

/**
 * One embedded records database (PGlite, in memory, a key made for the run) shared by every script: each script
 * texts from its own number (`hostFor(bot, n)`), so their callback requests never meet.
 */
export function createScriptHosts() {
  const cipher = createContactCipher([{ id: 'scripts', key: randomBytes(32) }]);
  let opening: Promise<{ db: Database; records: ReturnType<typeof createCallbackRecords> }> | undefined;
  // PGlite takes seconds to start: opened when a script first needs it, then shared.
  const open = () => (opening ??= openDatabase({}).then((db) => ({ db, records: createCallbackRecords({ db, cipher, notify: ['email'] }) })));
  return {
    open,
    hostFor(bot: Bot, n: number): ScriptHost {
      const contact: Contact = { channel: 'sms', address: `+4477009${String(n).padStart(5, '0')}` };
      const conversationId = `script-${n}`;
      return {
        contact,
        conversationId,
        afterTurn: createCallbackStage({ records: async () => (await open()).records, idSecret: ID_SECRET, translate: (locale) => createTranslator(bot.content, locale) }),
        stored: async () => storedFor((await open()).db, contactHashFor(ID_SECRET, contact, conversationId)),
      };
    },
    async close() {
      if (opening) await (await opening).db.close();
    },
  };
}
