const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters sent as escape + char, so each costs two. */
const EXTENDED = '^{}\\[~]|€';
const BASIC_SET = new Set(BASIC);
const EXTENDED_SET = new Set(EXTENDED);

const LOOKALIKES: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '′': "'",
  '“': '"', '”': '"', '„': '"', '″': '"',
  '–': '-', '—': '-', '‐': '-', '−': '-',
  '…': '...', '•': '-', '·': '-',
  '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ', '\t': ' ',
};

/**
 * One character outside GSM-7 turns a whole SMS into UCS-2 (70 characters a segment, not 160), so text
 * from feeds is folded to GSM-7: curly quotes and dashes to plain ones, accents dropped, the rest removed.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (BASIC_SET.has(ch) || EXTENDED_SET.has(ch)) {
      out += ch;
      continue;
    }
    const lookalike = LOOKALIKES[ch];
    if (lookalike !== undefined) {
      out += lookalike;
      continue;
    }
    const plain = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if ([...plain].every((c) => BASIC_SET.has(c))) out += plain;
  }
  return out;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC_SET.has(ch) && !EXTENDED_SET.has(ch)) return false;
  return true;
}

/** Length as the network counts it: extended characters take two septets. */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const ch of text) n += EXTENDED_SET.has(ch) ? 2 : 1;
  return n;
}

/** Two concatenated GSM-7 segments (2 × 153). */
export const TWO_SEGMENTS = 306;
