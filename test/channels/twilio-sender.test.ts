import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioSender } from '../../src/channels/twilio-sender.js';

const accountSid = 'AC' + 'a'.repeat(32);
const authToken = 'test-auth-token';
const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
const resident = '+447700900123';

const sender = createTwilioSender({
  accountSid,
  authToken,
  smsFrom: '+447700900001',
  whatsappFrom: '+447700900002',
  statusCallbackUrl: 'https://signpost.example.gov.uk/twilio/status',
});

/** Twilio answers a create with the new message; the sid is all the sender reads. */
function created(sid: string) {
  return { sid, status: 'queued', account_sid: accountSid, body: 'redacted', num_segments: '1' };
}

/** Intercept one create, keeping the posted form (nock parses it) for assertions. */
function expectCreate(status: number, reply: object, delayMs = 0): Array<Record<string, string>> {
  const forms: Array<Record<string, string>> = [];
  nock('https://api.twilio.com')
    .post(path, (form: Record<string, string>) => forms.push({ ...form }) > 0)
    .basicAuth({ user: accountSid, pass: authToken })
    .delay(delayMs)
    .reply(status, reply);
  return forms;
}

describe('createTwilioSender', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
  });
  afterAll(() => nock.enableNetConnect());

  it('sends an SMS from our number with the status callback', async () => {
    const forms = expectCreate(201, created('SM001'));
    await expect(sender.send({ channel: 'sms', to: resident, body: 'Hello there' })).resolves.toEqual({ status: 'sent', sid: 'SM001' });
    expect(forms[0]).toEqual({
      From: '+447700900001',
      To: resident,
      Body: 'Hello there',
      StatusCallback: 'https://signpost.example.gov.uk/twilio/status',
    });
  });

  it('adds the whatsapp: prefix on both ends and keeps emoji and bold', async () => {
    const forms = expectCreate(201, created('SM002'));
    await expect(sender.send({ channel: 'whatsapp', to: resident, body: '*Hi* 👋' })).resolves.toEqual({ status: 'sent', sid: 'SM002' });
    expect(forms[0]?.From).toBe('whatsapp:+447700900002');
    expect(forms[0]?.To).toBe(`whatsapp:${resident}`);
    expect(forms[0]?.Body).toBe('*Hi* 👋');
  });

  it('sends an approved template with its variables as JSON, and no body', async () => {
    const forms = expectCreate(201, created('SM003'));
    const result = await sender.sendTemplate({ channel: 'whatsapp', to: resident, contentSid: 'HX' + 'b'.repeat(32), variables: { 1: 'Ann', 2: 'Tuesday' } });
    expect(result).toEqual({ status: 'sent', sid: 'SM003' });
    expect(forms[0]?.ContentSid).toBe('HX' + 'b'.repeat(32));
    expect(JSON.parse(forms[0]?.ContentVariables ?? '')).toEqual({ 1: 'Ann', 2: 'Tuesday' });
    expect(forms[0]).not.toHaveProperty('Body');
    expect(forms[0]?.To).toBe(`whatsapp:${resident}`);
  });

  it('reports an opted-out recipient (21610) as a failure with its code and HTTP status', async () => {
    expectCreate(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: 'https://www.twilio.com/docs/errors/21610', status: 400 });
    await expect(sender.send({ channel: 'sms', to: resident, body: 'Hi' })).resolves.toEqual({
      status: 'failed',
      code: 21610,
      httpStatus: 400,
      reason: 'Attempt to send to unsubscribed recipient',
    });
  });

  it('reports a free-form WhatsApp message outside the 24 h window (63016)', async () => {
    const message = 'Failed to send freeform message because you are outside the allowed window. Please use a Template.';
    expectCreate(400, { code: 63016, message, status: 400 });
    await expect(sender.send({ channel: 'whatsapp', to: resident, body: 'Hi' })).resolves.toMatchObject({ status: 'failed', code: 63016 });
  });

  it('blanks out numbers Twilio quotes back', async () => {
    expectCreate(400, { code: 21211, message: `The 'To' number ${resident} is not a valid phone number.`, status: 400 });
    const result = await sender.send({ channel: 'sms', to: resident, body: 'Hi' });
    expect(result).toEqual({ status: 'failed', code: 21211, httpStatus: 400, reason: "The 'To' number [number] is not a valid phone number." });
  });

  it('reports a network failure without throwing', async () => {
    nock('https://api.twilio.com').post(path).replyWithError('socket hang up');
    await expect(sender.send({ channel: 'sms', to: resident, body: 'Hi' })).resolves.toEqual({ status: 'failed', reason: 'socket hang up' });
  });

  it("sends one person's messages one at a time, in order, even when the first is slow", async () => {
    const arrivals: string[] = [];
    for (const [index, delay] of [150, 0, 0].entries()) {
      nock('https://api.twilio.com')
        .post(path, (form: Record<string, string>) => arrivals.push(`${form.Body} at ${Date.now()}`) > 0)
        .delay(delay)
        .reply(201, created(`SM10${index}`));
    }
    const started = Date.now();
    const results = await Promise.all(['first', 'second', 'third'].map((body) => sender.send({ channel: 'sms', to: resident, body })));
    expect(results).toEqual(['SM100', 'SM101', 'SM102'].map((sid) => ({ status: 'sent', sid })));
    expect(arrivals.map((a) => a.split(' ')[0])).toEqual(['first', 'second', 'third']);
    // The second was only posted once Twilio had answered the (slow) first.
    expect(Number(arrivals[1]?.split(' at ')[1]) - started).toBeGreaterThanOrEqual(140);
  });

  it('uses a Messaging Service SID as the sender when given one', async () => {
    const messagingServiceSid = 'MG' + 'c'.repeat(32);
    const viaService = createTwilioSender({ accountSid, authToken, smsFrom: messagingServiceSid, whatsappFrom: '+447700900002' });
    const forms = expectCreate(201, created('SM004'));
    await viaService.send({ channel: 'sms', to: resident, body: 'Hi' });
    expect(forms[0]).toEqual({ MessagingServiceSid: messagingServiceSid, To: resident, Body: 'Hi' });
  });
});
