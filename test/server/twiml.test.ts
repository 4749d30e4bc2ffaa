import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { toTwiml } from '../../src/server/twiml.js';

/** What twilio's own builder produces, as the reference. */
function reference(bodies: string[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const body of bodies) response.message(body);
  return response.toString();
}

describe('TwiML', () => {
  it('matches twilio’s builder for awkward text: markup characters, quotes, emoji, Polish, new lines', () => {
    const cases = [
      [],
      ['hi'],
      ['a & b < c > d "q" \'s\' £ é 😀\n2. Next', 'Dzień dobry, zażółć gęślą jaźń', '</Message><Message>injected'],
      ['', 'second'],
    ];
    for (const bodies of cases) expect(toTwiml(bodies)).toBe(reference(bodies));
  });

  it('drops control characters XML cannot carry', () => {
    expect(toTwiml(['bell\u0007 tab\t ok'])).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>bell tab\t ok</Message></Response>');
  });
});
