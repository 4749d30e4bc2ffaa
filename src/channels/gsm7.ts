/** The GSM 03.38 default alphabet (one septet each; ESC itself left out, it only introduces extensions). */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (ESC + char). */
const EXTENSION = '^{}\\[~]|€\f';

const extension = new Set(EXTENSION);

/** Look-alikes that phones, word processors and translators put in text, mapped to their GSM-7 twins. */
const LOOK_ALIKES: Array<[RegExp, string]> = [
  [/[‘’‚‛′`´]/g, "'"],
  [/[“”„‟″«»]/g, '"'],
  [/[‐‑‒–—―−]/g, '-'],
  [/…/g, '...'],
  [/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' '],
  // Invisible, and any one of them would turn the whole SMS into UCS-2.
  [/[\u200b\ufeff]/g, ''],
  [/[•‣◦⁃∙●▪]/g, '-'],
];

/** Replace typographic look-alikes so plain text stays GSM-7; real non-GSM text (emoji, Polish, Urdu) is kept. */
export function normaliseGsm7(text: string): string {
  return LOOK_ALIKES.reduce((out, [pattern, plain]) => out.replace(pattern, plain), text);
}

/** The whole alphabet as one character class: a regex test is far cheaper than a loop over a Set. */
const GSM7_ONLY = new RegExp(`^[${(BASIC + EXTENSION).replace(/[\\\]^-]/g, '\\$&')}]*$`);
const EXTENSION_CHARS = new RegExp(`[${EXTENSION.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');

export function isGsm7(text: string): boolean {
  return GSM7_ONLY.test(text);
}

/** Septets a GSM-7 text takes (every GSM-7 character is one UTF-16 unit; extension characters count 2). */
export function gsm7Length(text: string): number {
  return text.length + (text.match(EXTENSION_CHARS)?.length ?? 0);
}

/** Septets a GSM-7 character takes: 2 for the extension table, else 1. */
export function gsm7Septets(char: string): 1 | 2 {
  return extension.has(char) ? 2 : 1;
}
