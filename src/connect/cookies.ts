import type { Request, Response } from 'express';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.header('Cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** HttpOnly and SameSite=Strict always; Secure (and the __Host- prefix) whenever the inbox is served over https. */
export function setCookie(res: Response, name: string, value: string, options: { secure: boolean; maxAgeSeconds?: number }): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  res.append('Set-Cookie', parts.join('; '));
}

export function cookieNames(secure: boolean): { session: string; login: string } {
  // __Host- cookies are refused by browsers unless Secure, Path=/ and no Domain: nothing else can set them.
  return secure ? { session: '__Host-signpost-connect', login: '__Host-signpost-login' } : { session: 'signpost-connect', login: 'signpost-login' };
}
