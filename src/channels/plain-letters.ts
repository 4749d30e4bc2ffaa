/**
 * Letters GSM-7 cannot carry, written without their accents, for languages whose SMS are sent that way
 * (`settings.sms_plain_letters` in the language's content). One Polish letter turns a whole SMS into UCS-2
 * (70 characters a segment instead of 160), so a Polish turn cost two to three times an English one.
 *
 * Reviewed list: every Polish letter with a diacritic maps to its base letter, as Poles commonly text
 * (ą a, ć c, ę e, ł l, ń n, ó o, ś s, ź z, ż z). GSM-7's own accented letters (é, ä, ö, ü, ñ, à …) are left
 * alone because they cost nothing extra. Anything else GSM-7 lacks (emoji, other scripts) is left as it is.
 */
const PLAIN: Record<string, string> = {
  ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z',
  Ą: 'A', Ć: 'C', Ę: 'E', Ł: 'L', Ń: 'N', Ó: 'O', Ś: 'S', Ź: 'Z', Ż: 'Z',
};
const ACCENTED = new RegExp(`[${Object.keys(PLAIN).join('')}]`, 'g');

export function writeWithPlainLetters(text: string): string {
  return text.replace(ACCENTED, (char) => PLAIN[char] ?? char);
}
