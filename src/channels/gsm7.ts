/** The GSM 03.38 default alphabet (one septet each; ESC itself left out, it only introduces extensions). */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (ESC + char). */
const EXTENSION = '^{}\\[~]|€\f';

/**
 * Septets per UTF-16 code unit: 1 for the basic alphabet, 2 for the extension table, 0 for anything GSM-7
 * can't carry. Every GSM-7 character is one code unit, so a table lookup per unit measures a text. It runs on
 * every SMS a turn sends, several times: a regex over the alphabet took about half of SMS rendering.
 */
const SEPTETS = new Uint8Array(0x10000);
for (const char of BASIC) SEPTETS[char.charCodeAt(0)] = 1;
for (const char of EXTENSION) SEPTETS[char.charCodeAt(0)] = 2;

/** Look-alikes that phones, word processors and translators put in text, and their GSM-7 twins. */
const LOOK_ALIKE_GROUPS: Array<[string, string]> = [
  ['‘’‚‛′`´', "'"],
  ['“”„‟″«»', '"'],
  ['‐‑‒–—―−', '-'],
  ['…', '...'],
  ['\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000', ' '],
  // Invisible, and any one of them would turn the whole SMS into UCS-2.
  ['\u200b\ufeff', ''],
  ['•‣◦⁃∙●▪', '-'],
];
const LOOK_ALIKES = new Map(LOOK_ALIKE_GROUPS.flatMap(([chars, plain]) => [...chars].map((char) => [char, plain] as const)));
const LOOK_ALIKE = new RegExp(`[${[...LOOK_ALIKES.keys()].join('')}]`, 'g');

/** Replace typographic look-alikes so plain text stays GSM-7; real non-GSM text (emoji, Polish, Urdu) is kept. */
export function normaliseGsm7(text: string): string {
  return text.replace(LOOK_ALIKE, (char) => LOOK_ALIKES.get(char) ?? char);
}

/** Septets the text takes as GSM-7 (extension characters count 2), or -1 if any character needs UCS-2. */
export function gsm7Length(text: string): number {
  let septets = 0;
  for (let i = 0; i < text.length; i++) {
    const length = SEPTETS[text.charCodeAt(i)]!;
    if (length === 0) return -1;
    septets += length;
  }
  return septets;
}

export function isGsm7(text: string): boolean {
  return gsm7Length(text) >= 0;
}

/** Septets the GSM-7 character at `index` takes: 2 for the extension table, else 1. */
export function gsm7SeptetsAt(text: string, index: number): number {
  return SEPTETS[text.charCodeAt(index)]!;
}
