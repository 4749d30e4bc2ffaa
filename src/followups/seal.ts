import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Encrypts at rest with AES-256-GCM: a fresh 12-byte nonce per value, and the tag checked on reading. */
export interface Sealer {
  seal(plain: string): string;
  /** The plain text, or null when the value was tampered with or sealed with another key. */
  open(sealed: string): string | null;
}

/** A 32-byte key from FOLLOWUP_KEY: 64 hex characters or 44 base64 characters. Throws a clear error otherwise. */
export function parseSealKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('FOLLOWUP_KEY must be 32 random bytes, as 64 hex or 44 base64 characters (openssl rand -base64 32)');
  return key;
}

export function createSealer(key: Buffer): Sealer {
  return {
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      try {
        const raw = Buffer.from(sealed, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
