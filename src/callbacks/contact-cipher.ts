import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One AES-256 key and the id stored beside everything it encrypts, so keys can be rotated. */
export interface CipherKey {
  id: string;
  key: Buffer;
}

export class CipherKeyError extends Error {}

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * Keys from the environment: `id:base64key` pairs separated by commas, newest first. The first encrypts; all
 * decrypt, so a new key goes first and an old one stays until everything it encrypted has been purged.
 */
export function parseCipherKeys(spec: string): CipherKey[] {
  const keys = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      const id = part.slice(0, colon);
      if (colon < 1 || !KEY_ID.test(id)) throw new CipherKeyError(`"${part.slice(0, 20)}…" must be id:base64key, the id of letters, digits, _ or - (at most 16)`);
      const key = Buffer.from(part.slice(colon + 1), 'base64');
      if (key.length !== 32) throw new CipherKeyError(`key "${id}" must be 32 bytes in base64 (make one with: openssl rand -base64 32)`);
      return { id, key };
    });
  if (!keys.length) throw new CipherKeyError('no key given');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new CipherKeyError('two keys share an id');
  return keys;
}

export interface ContactCipher {
  /** `<key id>.<iv>.<tag>.<ciphertext>`, base64url parts. */
  encrypt(plain: string): string;
  /** Throws if the key is unknown or the text was altered. */
  decrypt(sealed: string): string;
}

/** AES-256-GCM with a fresh 96-bit IV per value; the key id is bound into the tag (AAD) as well as stored. */
export function createContactCipher(keys: readonly CipherKey[]): ContactCipher {
  const current = keys[0];
  if (!current) throw new CipherKeyError('no key given');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(current.id));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [id = '', iv = '', tag = '', body = ''] = sealed.split('.');
      const key = byId.get(id);
      if (!key) throw new CipherKeyError(`no key "${id}" to decrypt with: was it removed from CALLBACK_KEYS too early?`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
