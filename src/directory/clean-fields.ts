import { compile } from 'html-to-text';

/**
 * Per-field cleaning of what real feeds and spreadsheets send. Each cleaner returns the usable value (or none)
 * and, when it changed or dropped something, a note the import summary groups by `reason`.
 */
export interface FieldNote {
  field: string;
  /** The value as received (shortened for the summary). */
  value: string;
  /** What happened, worded the same for every service so the summary can group and count them. */
  reason: string;
  /** What the officer can do about it at the source. */
  fix: string;
  /** `fixed`: a cleaned value was kept; `dropped`: the field was left out; `info`: nothing lost, worth knowing. */
  outcome: 'fixed' | 'dropped' | 'info';
}

export interface Cleaned<T> {
  value?: T;
  notes: FieldNote[];
}

const REPLACEMENT_CHAR = /\uFFFD/g;
/** Zero-width and byte-order marks copied from word processors; invisible, but they break e-mails and URLs. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Collapse runs of spaces (incl. non-breaking) and drop invisible characters; keeps line breaks. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(/[ \t\u00A0\u2007\u202F]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text from a feed's HTML (or text with entities); broken characters (U+FFFD) removed and reported. */
export function cleanText(field: string, raw: string | undefined): Cleaned<string> {
  if (raw === undefined || raw.trim() === '') return { notes: [] };
  const notes: FieldNote[] = [];
  const html = /<\/?[a-z][^>]*>|&[#a-z0-9]+;/i.test(raw);
  let text = html ? htmlToPlainText(raw) : raw;
  if (REPLACEMENT_CHAR.test(text)) {
    text = text.replace(REPLACEMENT_CHAR, '');
    notes.push({
      field,
      value: shorten(raw),
      reason: 'broken characters (�) removed',
      fix: 'save the text as UTF-8 at the source',
      outcome: 'fixed',
    });
  }
  const tidy = tidyWhitespace(text);
  return tidy ? { value: tidy, notes } : { notes };
}

/** html-to-text handles entities, lists and line breaks; links keep their words, not their addresses. */
export function htmlToPlainText(html: string): string {
  return convertHtml(html);
}

// Compiled once: building html-to-text's options per call costs more than the conversion itself.
const convertHtml = compile({
  wordwrap: false,
  preserveNewlines: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable' },
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'p', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
});

/** "www.x.com", "http:www.x.com", "HTTPS://X.org" become proper https/http URLs; anything else is dropped. */
export function cleanUrl(field: string, raw: string | undefined): Cleaned<string> {
  const text = raw?.replace(INVISIBLE, '').trim();
  if (!text) return { notes: [] };
  let candidate = text.replace(/^(https?):\/*(?=[^/])/i, (_, scheme: string) => `${scheme.toLowerCase()}://`);
  if (!/^https?:\/\//.test(candidate)) {
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(candidate)) candidate = `https://${candidate}`;
    else return { notes: [drop(field, text, 'not a web address', 'give a full address such as https://example.org')] };
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { notes: [drop(field, text, 'not a web address', 'give a full address such as https://example.org')] };
  }
  if (!url.hostname.includes('.') || /\s/.test(candidate)) {
    return { notes: [drop(field, text, 'not a web address', 'give a full address such as https://example.org')] };
  }
  const value = url.href.replace(/\/$/, candidate.endsWith('/') ? '/' : '');
  if (value === text) return { value, notes: [] };
  return {
    value,
    notes: [{ field, value: shorten(text), reason: 'web address completed', fix: `write it as ${value}`, outcome: 'fixed' }],
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

/** Spaces (incl. non-breaking), "mailto:" and invisible characters are taken out; a second address is dropped. */
export function cleanEmail(field: string, raw: string | undefined): Cleaned<string> {
  if (!raw?.trim()) return { notes: [] };
  const text = raw.replace(/^\s*mailto:/i, '');
  const first = text
    .split(/[;,/]|\s+or\s+/i)[0]!
    .replace(INVISIBLE, '')
    .replace(/[\s\u00A0]+/g, '')
    .replace(/[.)>]+$/, '')
    .replace(/^[(<]+/, '');
  if (!EMAIL.test(first)) return { notes: [drop(field, raw.trim(), 'not an e-mail address', 'give one address such as name@example.org')] };
  if (first === raw) return { value: first, notes: [] };
  return { value: first, notes: [{ field, value: shorten(raw), reason: 'e-mail address tidied', fix: `write it as ${first}`, outcome: 'fixed' }] };
}

/** A UK number: 10 or 11 digits starting 0, or +44; short codes such as 111 or 116 123 allowed. */
const PHONE_DIGITS = /^(0\d{9,10}|44\d{9,10}|1\d{2,5})$/;

/**
 * "Tel: 01724 296808", "Call 0800 123 4567 (free)", "01652 650585 / 07700 900123" → the first number, spaced as given.
 * A label or a second number is a fix; text with no number in it drops the field.
 */
export function cleanPhone(field: string, raw: string | undefined): Cleaned<string> {
  const text = raw?.replace(INVISIBLE, '').replace(/\u00A0/g, ' ').trim();
  if (!text) return { notes: [] };
  const found = findPhoneNumbers(text)[0];
  if (!found) return { notes: [drop(field, text, 'not a phone number', 'give one UK number such as 01724 296808')] };
  if (found === text) return { value: found, notes: [] };
  return { value: found, notes: [{ field, value: shorten(text), reason: 'phone number taken from a label or list', fix: `give just the number, ${found}`, outcome: 'fixed' }] };
}

/** Every UK phone number in some text, in order, formatted as written (spaces kept, brackets and dashes tidied). */
export function findPhoneNumbers(text: string): string[] {
  const numbers: string[] = [];
  for (const match of text.matchAll(/(?:\+\s?44\s?\(?0?\)?|\(?0)[\d\s()-]{8,16}\d|\b1\d{2}(?: \d{3})?\b/g)) {
    // "+44 (0)1724 ..." is written with a trunk 0 that is not dialled after +44.
    const written = match[0].replace(/^\+\s?44\s?\(0\)/, '+44 ').replace(/[()]/g, ' ').replace(/-/g, ' ').replace(/\s+/g, ' ').trim();
    const digits = written.replace(/\D/g, '');
    if (PHONE_DIGITS.test(digits) && (digits.startsWith('0') || digits.startsWith('44'))) numbers.push(written);
  }
  return numbers;
}

/** A phone number introduced by a label ("Tel:", "call", "phone") or a tel: link in a description. */
export function findLabelledPhone(html: string): string | undefined {
  const link = /href="tel:([^"]+)"/i.exec(html)?.[1];
  if (link) return findPhoneNumbers(decodeURIComponent(link))[0];
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ');
  const labelled = /\b(?:tel(?:ephone)?|phone|call(?: us)?(?: on)?|freephone)\b\s*:?\s*((?:\+44|0)[\d\s()-]{8,16}\d)/i.exec(text)?.[1];
  return labelled ? findPhoneNumbers(labelled)[0] : undefined;
}

/** ORUK uses -1 (and some feeds 0 or 999) for "no limit"; ages outside 0–120 are not ages. */
export function cleanAge(field: string, raw: number | undefined): Cleaned<number> {
  if (raw === undefined || !Number.isFinite(raw)) return { notes: [] };
  if (raw < 0) return { notes: [] };
  if (raw > 120 || !Number.isInteger(raw)) {
    return { notes: [drop(field, String(raw), 'not an age in years', 'give whole years, or leave it blank for no limit')] };
  }
  return { value: raw, notes: [] };
}

export function drop(field: string, value: string, reason: string, fix: string): FieldNote {
  return { field, value: shorten(value), reason, fix, outcome: 'dropped' };
}

function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
