import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ContentCatalog } from '../content/load-content.js';
import { fillPlaceholders } from '../content/translate.js';
import { replySchema, type Reply } from './reply.js';

/** How a turn's replies are kept for a retried webhook: as small as possible, since every conversation holds some. */
export interface ReplyCodec {
  encode(replies: Reply[]): string;
  /** The replies, or null when the stored form is unreadable (e.g. written against content since changed). */
  decode(stored: string): Reply[] | null;
}

const storedRepliesSchema = z.array(replySchema);
/** Marks a reference; a literal text that happens to start with it is written with it doubled. */
const REF = '~';
const PARAGRAPH = '\n\n';
const BULLET = '- ';

/** Replies as plain JSON: for stores that cost nothing per byte (the chat page, tests). */
export const plainReplyCodec: ReplyCodec = {
  encode: (replies) => JSON.stringify(replies),
  decode: (stored) => parseReplies(stored),
};

/**
 * Most of what the bot says is a content text word for word: a question, an option label, a tip. Those are kept
 * as a short reference to the text (`~` and its number in base 36), paragraph by paragraph; anything else (texts with
 * a resident's own details filled in) stays literal. The stored form starts with a digest of the texts, so a
 * reply kept before a content change is never decoded against the wrong words.
 */
export function createContentReplyCodec(catalog: ContentCatalog): ReplyCodec {
  const texts = new Set<string>();
  for (const locale of [...catalog.locales.keys()].sort()) {
    for (const entry of catalog.locales.get(locale)!.messages.values()) {
      for (const part of fillPlaceholders(entry.text, undefined, catalog.settings).split(PARAGRAPH)) {
        // A text still holding a {placeholder} is filled per resident, so never stored word for word.
        if (part.length > 3 && !part.includes('{')) texts.add(part);
      }
    }
  }
  const dictionary = [...texts];
  const ids = new Map(dictionary.map((text, i) => [text, `${REF}${i.toString(36)}`]));
  const version = createHash('sha256').update(dictionary.join('\u0000')).digest('base64url').slice(0, 8);

  const squeeze = (text: string): string => {
    const id = ids.get(text);
    if (id) return id;
    if (text.startsWith(BULLET) && ids.has(text.slice(BULLET.length))) return BULLET + ids.get(text.slice(BULLET.length))!;
    return text.startsWith(REF) || text.startsWith(BULLET + REF) ? REF + text : text;
  };
  const expand = (text: string): string | null => {
    if (text.startsWith(REF + REF) || text.startsWith(REF + BULLET + REF)) return text.slice(REF.length);
    const at = text.startsWith(REF) ? 0 : text.startsWith(BULLET + REF) ? BULLET.length : -1;
    if (at < 0) return text;
    const found = dictionary[parseInt(text.slice(at + REF.length), 36)];
    return found === undefined ? null : text.slice(0, at) + found;
  };
  return {
    encode: (replies) =>
      `${version}${JSON.stringify(replies.map((r) => [r.text.split(PARAGRAPH).map(squeeze).join(PARAGRAPH), ...(r.options ? [r.options.map(squeeze)] : [])]))}`,
    decode: (stored) => {
      if (!stored.startsWith(version)) return null;
      try {
        const rows = JSON.parse(stored.slice(version.length)) as [string, string[]?][];
        const replies: Reply[] = [];
        for (const [text, options] of rows) {
          const paragraphs = text.split(PARAGRAPH).map(expand);
          const labels = options?.map(expand);
          if (paragraphs.includes(null) || labels?.includes(null)) return null;
          replies.push({ text: paragraphs.join(PARAGRAPH), ...(labels ? { options: labels as string[] } : {}) });
        }
        return storedRepliesSchema.safeParse(replies).success ? replies : null;
      } catch {
        return null;
      }
    },
  };
}

function parseReplies(stored: string): Reply[] | null {
  try {
    const parsed = storedRepliesSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
