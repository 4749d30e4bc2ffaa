import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { MAX_QR_VERSION, prefilledLink, printableLinkProblem, QR_ERROR_CORRECTION, qrVersionOf } from '../../src/campaigns/campaign-links.js';

const TEXTS = ['HELLO', 'hello', 'CHAT 2025', 'Cześć, chcę porozmawiać', 'سلام، بات کرنی ہے', 'x'.repeat(60), 'Hi! I saw your poster at the library on 12 March and would like to talk', '0123456789'.repeat(8)];

describe('QR links on posters', () => {
  it('checks the same QR version the poster prints, for Latin, Polish, Urdu, digits and long texts', () => {
    for (const text of TEXTS) {
      for (const channel of ['sms', 'whatsapp'] as const) {
        const link = prefilledLink(channel, '+447700900000', text);
        expect(qrVersionOf(link), link).toBe(QRCode.create(link, { errorCorrectionLevel: QR_ERROR_CORRECTION }).version);
      }
    }
  });

  it('refuses exactly the texts whose exact QR version is too dense, at every length around the limit', () => {
    for (const unit of ['a', 'A', '7', ' ', 'ż', 'ہ', 'Hi there, ']) {
      for (let length = 1; length <= 260; length += 3) {
        const text = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
        const tooDense = (['sms', 'whatsapp'] as const).some((channel) => qrVersionOf(prefilledLink(channel, '+447700900000', text)) > MAX_QR_VERSION);
        expect(printableLinkProblem(text) !== null, `${unit} × ${length}`).toBe(tooDense);
      }
    }
  });

  it('refuses a text whose code would be too dense to scan at poster size, and says which link', () => {
    expect(printableLinkProblem('Hello')).toBeNull();
    const problem = printableLinkProblem('ż'.repeat(120));
    expect(problem).toContain('WhatsApp link');
    expect(problem).toContain(`at most ${MAX_QR_VERSION}`);
    expect(qrVersionOf('ż'.repeat(3000))).toBe(Infinity);
  });
});
