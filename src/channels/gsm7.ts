/** The GSM 03.38 default alphabet (one septet each; ESC itself left out, it only introduces extensions). */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (ESC + char). */
const EXTENSION = '^{}\\[~]|€\f';

const basic = new Set(BASIC);
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

export function isGsm7(text: string): boolean {
  for (const char of text) if (!basic.has(char) && !extension.has(char)) return false;
  return true;
}

/** Septets a GSM-7 character takes: 2 for the extension table, else 1. */
export function gsm7Septets(char: string): 1 | 2 {
  return extension.has(char) ? 2 : 1;
}
