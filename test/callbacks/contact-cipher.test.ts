import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createContactCipher, parseCipherKeys } from '../../src/callbacks/contact-cipher.js';

const key = () => randomBytes(32).toString('base64');

describe('contact cipher (AES-256-GCM with key ids)', () => {
  it('encrypts with the first key, a fresh IV each time, and decrypts with any listed key (rotation)', () => {
    const oldSpec = `k1:${key()}`;
    const before = createContactCipher(parseCipherKeys(oldSpec));
    const sealed = before.encrypt('+447700900123');
    expect(sealed.startsWith('k1.')).toBe(true);
    expect(before.encrypt('+447700900123')).not.toBe(sealed);
    const after = createContactCipher(parseCipherKeys(`k2:${key()}, ${oldSpec}`));
    expect(after.decrypt(sealed)).toBe('+447700900123');
    expect(after.encrypt('x').startsWith('k2.')).toBe(true);
  });

  it('refuses altered text, a removed key, and badly formed keys with a clear reason', () => {
    const cipher = createContactCipher(parseCipherKeys(`k1:${key()}`));
    const sealed = cipher.encrypt('+447700900123');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('+447700900999').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
    expect(() => createContactCipher(parseCipherKeys(`k9:${key()}`)).decrypt(sealed)).toThrow(/no key "k1"/);
    expect(() => parseCipherKeys('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseCipherKeys(`bad id:${key()}`)).toThrow(/id:base64key/);
    expect(() => parseCipherKeys(`a:${key()},a:${key()}`)).toThrow(/share an id/);
  });
});
