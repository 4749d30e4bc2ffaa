import twilio from 'twilio';

/** TwiML answering a webhook with these message bodies, in order (an empty Response sends nothing). */
export function toTwiml(bodies: readonly string[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const body of bodies) response.message(body);
  return response.toString();
}
