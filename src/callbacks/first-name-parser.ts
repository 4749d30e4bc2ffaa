import type { TextParser } from '../conversation/engine.js';

const MAX_LENGTH = 30;
/** Letters of any alphabet, with the marks, spaces, hyphens, apostrophes and dots names use. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;
/** Pictographs and their joiners: dropped, so "Ann 🌸" is Ann. */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]/gu;

/**
 * Reads the optional first name for a callback. Only a name goes through: no digits (a number typed here
 * must never be kept as a name), no markup, at most 30 characters. Anything else is asked again, calmly.
 */
export const readFirstName: TextParser = async ({ text }) => {
  const name = text.replace(EMOJI, '').replace(/\s+/g, ' ').trim();
  if (/\d/.test(name)) return { status: 'invalid', say: { key: 'callback.name_no_numbers' } };
  if (!name || name.length > MAX_LENGTH || !NAME.test(name)) return { status: 'invalid', say: { key: 'callback.name_invalid', params: { max: MAX_LENGTH } } };
  return { status: 'ok', value: name };
};
