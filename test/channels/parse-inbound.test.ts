import { describe, expect, it } from 'vitest';
import { parseTwilioInbound } from '../../src/channels/parse-inbound.js';
import { parseTwilioStatus } from '../../src/channels/parse-status.js';

const accountSid = 'AC' + '0'.repeat(31) + '1';

/** Shaped like real webhooks (values are Ofcom drama numbers). */
const smsForm = {
  ToCountry: 'GB',
  SmsMessageSid: 'SM11111111111111111111111111111111',
  NumMedia: '0',
  SmsSid: 'SM11111111111111111111111111111111',
  SmsStatus: 'received',
  Body: 'Hello',
  FromCountry: 'GB',
  To: '+447700900001',
  NumSegments: '1',
  MessageSid: 'SM11111111111111111111111111111111',
  AccountSid: accountSid,
  From: '+447700900123',
  ApiVersion: '2010-04-01',
};

const whatsappForm = {
  SmsMessageSid: 'SM22222222222222222222222222222222',
  NumMedia: '1',
  ProfileName: 'Ann',
  MessageType: 'image',
  SmsSid: 'SM22222222222222222222222222222222',
  WaId: '447700900123',
  SmsStatus: 'received',
  Body: '',
  To: 'whatsapp:+447700900001',
  MediaContentType0: 'image/jpeg',
  MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC…/Messages/MM…/Media/ME…',
  MessageSid: 'SM22222222222222222222222222222222',
  AccountSid: accountSid,
  From: 'whatsapp:+447700900123',
  ApiVersion: '2010-04-01',
};

describe('parseTwilioInbound', () => {
  it('reads an SMS', () => {
    expect(parseTwilioInbound(smsForm)).toEqual({
      status: 'ok',
      message: { channel: 'sms', from: '+447700900123', to: '+447700900001', messageId: smsForm.MessageSid, text: 'Hello', mediaCount: 0 },
    });
  });

  it('reads a WhatsApp message with media and an empty body, dropping the whatsapp: prefix', () => {
    expect(parseTwilioInbound(whatsappForm)).toEqual({
      status: 'ok',
      message: { channel: 'whatsapp', from: '+447700900123', to: '+447700900001', messageId: whatsappForm.MessageSid, text: '', mediaCount: 1 },
    });
  });

  it('accepts a missing Body and the older SmsMessageSid alone', () => {
    const { Body: _body, MessageSid: _sid, ...form } = smsForm;
    const parsed = parseTwilioInbound(form);
    expect(parsed).toMatchObject({ status: 'ok', message: { text: '', messageId: smsForm.SmsMessageSid } });
  });

  it('takes the tapped button of a WhatsApp quick reply', () => {
    const tapped = { ...whatsappForm, NumMedia: '0', Body: 'Yes please', ButtonText: 'Yes please', ButtonPayload: 'opt_yes' };
    expect(parseTwilioInbound(tapped)).toMatchObject({ status: 'ok', message: { text: 'Yes please' } });
    const payloadOnly = { ...whatsappForm, NumMedia: '0', Body: '', ButtonPayload: 'opt_yes' };
    expect(parseTwilioInbound(payloadOnly)).toMatchObject({ status: 'ok', message: { text: 'opt_yes' } });
  });

  it('passes on opt-out keywords Twilio handled, and ignores unknown ones', () => {
    expect(parseTwilioInbound({ ...smsForm, Body: 'STOP', OptOutType: 'STOP' })).toMatchObject({ message: { optOutType: 'STOP' } });
    const unknown = parseTwilioInbound({ ...smsForm, OptOutType: 'PAUSE' });
    expect(unknown.status === 'ok' && unknown.message).not.toHaveProperty('optOutType');
  });

  it('accepts numbers from abroad', () => {
    for (const from of ['+48601234567', '+923001234567', '+12025550123', 'whatsapp:+5511912345678']) {
      expect(parseTwilioInbound({ ...smsForm, From: from }).status).toBe('ok');
    }
  });

  it('refuses other channels, non-numbers and missing ids with plain reasons', () => {
    expect(parseTwilioInbound({ ...smsForm, From: 'messenger:1234567890' })).toEqual({ status: 'invalid', issues: ['From: unsupported channel'] });
    for (const from of ['07700900123', '+44 7700 900123', 'Signpost', '+1234567', 'whatsapp:']) {
      expect(parseTwilioInbound({ ...smsForm, From: from })).toEqual({ status: 'invalid', issues: ['From: not an E.164 phone number'] });
    }
    const { MessageSid: _a, SmsMessageSid: _b, ...noId } = smsForm;
    expect(parseTwilioInbound(noId)).toEqual({ status: 'invalid', issues: ['MessageSid: missing'] });
    const { From: _c, To: _d, ...noAddresses } = smsForm;
    expect(parseTwilioInbound(noAddresses)).toEqual({ status: 'invalid', issues: ['From: missing', 'To: missing'] });
    expect(parseTwilioInbound('From=+447700900123')).toMatchObject({ status: 'invalid' });
  });

  it('never echoes the values it refuses', () => {
    const parsed = parseTwilioInbound({ ...smsForm, From: '+44 7700 900123', AccountSid: 'nope' });
    expect(parsed.status).toBe('invalid');
    expect(JSON.stringify(parsed)).not.toMatch(/7700|nope/);
  });
});

describe('parseTwilioStatus', () => {
  it('reads a delivered SMS', () => {
    const body = { MessageSid: 'SM3', MessageStatus: 'delivered', To: '+447700900123', From: '+447700900001', AccountSid: accountSid };
    expect(parseTwilioStatus(body)).toEqual({ status: 'ok', update: { messageId: 'SM3', status: 'delivered', channel: 'sms', to: '+447700900123' } });
  });

  it('reads a WhatsApp send that failed outside the 24 h window', () => {
    const body = { MessageSid: 'SM4', MessageStatus: 'failed', ErrorCode: '63016', To: 'whatsapp:+447700900123', From: 'whatsapp:+447700900001' };
    expect(parseTwilioStatus(body)).toEqual({ status: 'ok', update: { messageId: 'SM4', status: 'failed', errorCode: 63016, channel: 'whatsapp', to: '+447700900123' } });
  });

  it('refuses a callback without a sid or with an unknown status', () => {
    expect(parseTwilioStatus({ MessageStatus: 'sent', To: '+447700900123' })).toEqual({ status: 'invalid', issues: ['MessageSid: missing'] });
    expect(parseTwilioStatus({ MessageSid: 'SM5', MessageStatus: 'teleported', To: '+447700900123' })).toMatchObject({ status: 'invalid' });
  });
});
