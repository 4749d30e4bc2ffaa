/**
 * The words Twilio's default SMS opt-out handling acts on itself, answering the resident before the webhook
 * is even called (it then sends OptOutType). The preview uses them to show what Twilio would do.
 * See https://help.twilio.com/articles/223134027 (YES is left out: the bot asks yes/no questions).
 */
const KEYWORDS: ReadonlyMap<string, 'STOP' | 'START' | 'HELP'> = new Map([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map((w) => [w, 'STOP'] as const),
  ...['START', 'UNSTOP'].map((w) => [w, 'START'] as const),
  ...['HELP', 'INFO'].map((w) => [w, 'HELP'] as const),
]);

/** Twilio matches the whole message, ignoring case and surrounding spaces. */
export function twilioOptOutKeyword(text: string): 'STOP' | 'START' | 'HELP' | undefined {
  return KEYWORDS.get(text.trim().toUpperCase());
}
