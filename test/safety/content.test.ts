import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { safetyCategorySchema } from '../../src/safety/index.js';

const load = (locale: string) => parse(readFileSync(new URL(`../../content/safety/${locale}.yaml`, import.meta.url), 'utf8')) as Record<string, unknown>;
const flatten = (value: unknown, path: string[] = []): [string, string][] =>
  typeof value === 'string' ? [[path.join('.'), value]] : Object.entries(value as object).flatMap(([k, v]) => flatten(v, [...path, k]));

const REQUIRED = [...safetyCategorySchema.options.flatMap((c) => [`safety.${c}.full`, `safety.${c}.short`]), 'safety.check', 'safety.resume', 'safety.resume_yes', 'safety.resume_no'];
/** Numbers marked [V] in the domain reference; anything else must not appear. */
const VERIFIED = ['999', '111', '116 123', '85258', '0808 2000 247'];
/** Childline's number is not verified on its own page (content/helplines.yaml), so no reply may offer it. */
const UNVERIFIED = ['0800 1111'];

describe.each(['en', 'pl', 'ur'])('safety words (%s)', (locale) => {
  const file = load(locale);
  const messages = new Map(flatten({ safety: file.safety }));

  it('has every key the engine needs', () => {
    expect(REQUIRED.filter((k) => !messages.has(k))).toEqual([]);
  });

  it('keeps every message SMS-friendly and uses only verified numbers', () => {
    for (const [key, text] of messages) {
      expect(text.length, key).toBeLessThan(450);
      const numbers = text.match(/\d[\d ]*\d|\d/g) ?? [];
      for (const n of numbers) expect(VERIFIED.some((v) => v.includes(n.trim())), `${key}: ${n}`).toBe(true);
    }
    expect(messages.get('safety.abuse.full')).toContain('0808 2000 247');
    for (const c of ['suicide_self_harm', 'harm_to_others']) expect(messages.get(`safety.${c}.full`)).toContain('116 123');
    expect(messages.get('safety.check')).toMatch(/116 123[\s\S]*85258/);
    for (const [key, text] of messages) for (const n of UNVERIFIED) expect(text, key).not.toContain(n);
    expect(messages.get('safety.child_at_risk.full')).toMatch(/999[\s\S]*116 123[\s\S]*85258/);
  });

  it('marks machine-made translations as unreviewed', () => {
    if (locale !== 'en') expect(file._meta).toEqual({ reviewed: false });
  });
});
