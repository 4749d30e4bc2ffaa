import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioSender } from '../../src/channels/twilio-sender.js';
import { createFollowUpSender } from '../../src/followups/follow-up-sender.js';
import { createRateQueue } from '../../src/followups/rate-queue.js';

const accountSid = 'AC' + 'd'.repeat(32);
const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
const twilio = createTwilioSender({ accountSid, authToken: 'sender-test-token', smsFrom: '+447700900001', whatsappFrom: '+447700900002' });
const sms = { channel: 'sms' as const, address: '+447700900123' };
const reply = [{ text: 'Hello again from Signpost.' }];

function answer(status: number, body: object): void {
  nock('https://api.twilio.com').post(path).reply(status, body);
}

describe('sending a follow-up through Twilio (nock)', () => {
  const waits: number[] = [];
  // A fast pace, so the only waits of 100 ms or more are the backoff's, however slow the machine.
  const send = createFollowUpSender({ twilio, templates: {}, messagesPerSecond: 1000, backoffMs: 100, sleep: async (ms) => void waits.push(ms) });
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    waits.length = 0;
  });
  afterAll(() => nock.enableNetConnect());

  it('retries 5xx with growing waits, then hands the job back to be retried later', async () => {
    for (let i = 0; i < 3; i++) answer(503, { code: 20503, message: 'Service unavailable', status: 503 });
    expect(await send.send(sms, 'did_you_go', reply)).toEqual({ status: 'retry', reason: expect.stringContaining('Service unavailable') });
    expect(waits.filter((ms) => ms >= 100)).toEqual([100, 200]);
  });

  it('records 63016 (outside the WhatsApp window) as refused, and skips WhatsApp without a template', async () => {
    answer(400, { code: 63016, message: 'Failed to send freeform message because you are outside the allowed window', status: 400 });
    expect(await send.send(sms, 'did_you_go', reply)).toEqual({ status: 'refused', code: 63016 });
    expect(send.canSend({ channel: 'whatsapp', address: '+447700900123' }, 'did_you_go')).toBe(false);
    expect(await send.send({ channel: 'whatsapp', address: '+447700900123' }, 'did_you_go', reply)).toEqual({ status: 'skipped', reason: 'no_template' });
  });
});

describe('the outbound queue per sender number', () => {
  it('spaces sends from one number to the configured rate; another number keeps its own pace', async () => {
    const slept: number[] = [];
    const waitTurn = createRateQueue(4, async (ms) => void slept.push(Math.round(ms / 50) * 50));
    await Promise.all([waitTurn('sms'), waitTurn('sms'), waitTurn('sms'), waitTurn('whatsapp')]);
    expect(slept.sort((a, b) => a - b)).toEqual([250, 500]);
  });
});
