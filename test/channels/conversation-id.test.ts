import { describe, expect, it } from 'vitest';
import { conversationIdFor } from '../../src/channels/conversation-id.js';

const phone = '+447700900123';

describe('conversationIdFor', () => {
  it('is stable, 22 url-safe characters', () => {
    const id = conversationIdFor('s3cret', 'sms', phone);
    expect(id).toBe(conversationIdFor('s3cret', 'sms', phone));
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('differs by channel, by secret and by number', () => {
    const ids = new Set([
      conversationIdFor('s3cret', 'sms', phone),
      conversationIdFor('s3cret', 'whatsapp', phone),
      conversationIdFor('other', 'sms', phone),
      conversationIdFor('s3cret', 'sms', '+447700900124'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('never contains the number or a run of its digits', () => {
    for (let n = 0; n < 200; n++) {
      const number = `+4477009${String(n).padStart(5, '0')}`;
      const id = conversationIdFor('s3cret', 'sms', number);
      expect(id).not.toContain(number.slice(1));
      expect(id).not.toContain(number.slice(-6));
    }
  });

  it('is safe inside a Redis hash tag', () => {
    expect(conversationIdFor('s3cret', 'whatsapp', phone)).not.toMatch(/[{}:]/);
  });
});
