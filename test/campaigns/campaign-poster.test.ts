import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignSchema } from '../../src/campaigns/campaign-schema.js';
import { planPoster, PosterError } from '../../src/campaigns/poster-plan.js';
import { REPO_ROOT } from '../support/test-bot.js';

// jsqr is CommonJS whose typings declare an ES default export; take the function whichever way it arrives.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;
const SMS = '+447700900123';
const WHATSAPP = '+447700900456';
const out = mkdtempSync(join(tmpdir(), 'signpost-posters-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function poster(args: string[], env: Record<string, string> = { TWILIO_SMS_FROM: SMS, TWILIO_WHATSAPP_FROM: `whatsapp:${WHATSAPP}` }) {
  const { TWILIO_SMS_FROM: _s, TWILIO_WHATSAPP_FROM: _w, ...rest } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/campaign-poster.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...rest, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** What a phone camera would read from a PNG (or from a region of it). */
function decode(png: PNG, region?: { x: number; width: number }): string | null {
  const x0 = region?.x ?? 0;
  const width = region?.width ?? png.width;
  const pixels = new Uint8ClampedArray(width * png.height * 4);
  for (let y = 0; y < png.height; y += 1) {
    png.data.copy(Buffer.from(pixels.buffer), y * width * 4, (y * png.width + x0) * 4, (y * png.width + x0 + width) * 4);
  }
  return jsQR(pixels, width, png.height)?.data ?? null;
}

/** Each run starts tsx and reads the content: seconds on a busy machine. */
const CLI_TIMEOUT = 90_000;
const readPng = (path: string) => PNG.sync.read(readFileSync(path));
const LIB_EN = 'Hi!%20I%20saw%20your%20poster%20(LIB24)';
const LIB_PL = 'Dzie%C5%84%20dobry!%20Pisz%C4%99%20w%20sprawie%20ulotki%20z%20biblioteki%20(BIBLIOTEKA24)';

describe('npm run campaign:poster', () => {
  let run: ReturnType<typeof poster>;
  beforeAll(() => {
    run = poster(['library', '--out', out]);
  }, CLI_TIMEOUT);

  it('writes, per language, the links, both QR codes as SVG and PNG, and the poster', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const locale of ['en', 'pl']) {
      expect(readdirSync(join(out, 'library', locale)).sort()).toEqual(['links.txt', 'poster.pdf', 'sms.png', 'sms.svg', 'whatsapp.png', 'whatsapp.svg']);
      expect(readFileSync(join(out, 'library', locale, 'whatsapp.svg'), 'utf8')).toMatch(/^<svg[^>]+viewBox/);
    }
    expect(readFileSync(join(out, 'library', 'en', 'links.txt'), 'utf8')).toBe(`whatsapp: https://wa.me/447700900456?text=${LIB_EN}\nsms: sms:+447700900123?&body=${LIB_EN}\n`);
  });

  it('makes PNG codes that a QR reader decodes to exactly the WhatsApp and SMS links, in each language', () => {
    expect(decode(readPng(join(out, 'library', 'en', 'whatsapp.png')))).toBe(`https://wa.me/447700900456?text=${LIB_EN}`);
    expect(decode(readPng(join(out, 'library', 'en', 'sms.png')))).toBe(`sms:+447700900123?&body=${LIB_EN}`);
    expect(decode(readPng(join(out, 'library', 'pl', 'whatsapp.png')))).toBe(`https://wa.me/447700900456?text=${LIB_PL}`);
    expect(decode(readPng(join(out, 'library', 'pl', 'sms.png')))).toBe(`sms:+447700900123?&body=${LIB_PL}`);
    // What the phone then types: the prefilled words carry the keyword the bot recognises.
    expect(decodeURIComponent(LIB_PL)).toBe('Dzień dobry! Piszę w sprawie ulotki z biblioteki (BIBLIOTEKA24)');
  });

  it('prints an A4 poster whose first page, rendered, holds both codes side by side and the words', () => {
    const pdf = join(out, 'library', 'en', 'poster.pdf');
    const render = spawnSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', pdf, join(out, 'page')], { encoding: 'utf8' });
    expect(render.error?.message ?? render.stderr).toBeFalsy();
    const page = readPng(join(out, 'page.png'));
    // A4 at 100 dpi is 827 x 1170 pixels.
    expect([page.width, page.height]).toEqual([827, 1170]);
    const half = Math.floor(page.width / 2);
    expect(decode(page, { x: 0, width: half })).toBe(`https://wa.me/447700900456?text=${LIB_EN}`);
    expect(decode(page, { x: half, width: page.width - half })).toBe(`sms:+447700900123?&body=${LIB_EN}`);

    const text = spawnSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Find something on near you');
    expect(text).toContain('Scan to chat on WhatsApp');
    expect(text).toContain('No smartphone? Text LIB24 to 07700 900123');
    const polish = spawnSync('pdftotext', ['-f', '1', '-l', '1', join(out, 'library', 'pl', 'poster.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(polish).toContain('Znajdź coś w pobliżu');
    expect(polish).toContain('Wyślij SMS o treści BIBLIOTEKA24 na numer 07700 900123');
  });

  it('--all makes a poster for every campaign running or still to come on the day, and says which ended', () => {
    const all = poster(['--all', '--today', '2026-09-01', '--out', join(out, 'all')]);
    expect(all.status).toBe(0);
    // Loneliness Awareness Week and the library leaflet ended in 2026; the surgery poster runs to March 2027.
    expect(readdirSync(join(out, 'all')).sort()).toEqual(['gp_poster']);
    expect(all.stdout).toContain('library: ended 2026-08-31, no poster made');
    expect(all.stdout).toContain('law26: ended 2026-06-30, no poster made');
    const bad = poster(['--all', '--today', 'tomorrow']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^--today must be a date written YYYY-MM-DD/);
  }, CLI_TIMEOUT);

  it('an unknown campaign is one clear line listing the campaigns, exit code 2, nothing written', () => {
    const bad = poster(['libary', '--out', join(out, 'none')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe("campaign:poster: there is no campaign 'libary' in content/campaigns.yaml; the campaigns are: law26, gp_poster, library");
    expect(() => readdirSync(join(out, 'none'))).toThrow();
  }, CLI_TIMEOUT);

  it('an unknown option or a folder it cannot write is one line, exit code 2', () => {
    const option = poster(['library', '--colour', 'green']);
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/^Unknown option '--colour'/);
    writeFileSync(join(out, 'blocker'), '');
    const blocked = poster(['library', '--out', join(out, 'blocker')]);
    expect(blocked.status).toBe(2);
    expect(blocked.stderr.trim()).toMatch(/^campaign:poster: cannot write .*blocker.* \((EEXIST|ENOTDIR)\); choose another folder with --out$/);
    expect(blocked.stderr).not.toMatch(/\n\s+at /);
  }, CLI_TIMEOUT);

  it('a missing number names the setting, exit code 2', () => {
    const none = poster(['gp_poster', '--out', join(out, 'none')], {});
    expect(none.status).toBe(2);
    expect(none.stderr.trim()).toBe("campaign:poster: TWILIO_WHATSAPP_FROM and TWILIO_SMS_FROM are not set: the codes need the council's numbers in +44… form, e.g. TWILIO_WHATSAPP_FROM=+447700900123");
    const sms = poster(['gp_poster', '--out', join(out, 'none')], { TWILIO_WHATSAPP_FROM: WHATSAPP });
    expect(sms.stderr).toMatch(/^campaign:poster: TWILIO_SMS_FROM is not set/);
    expect(sms.stderr).not.toMatch(/\n\s+at /);
  }, CLI_TIMEOUT);
});

describe('a prefilled text too long for a QR code at print size', () => {
  const campaign = campaignSchema.parse({ id: 'long', name: 'Long', keywords: { en: ['LONG1'] }, starts: '2026-01-01', ends: '2026-12-31' });
  const words = (prefill: string) => (key: string) => (key.endsWith('.prefill') ? prefill : key);

  it('is refused with the file to shorten', () => {
    const long = `Hi! ${'I would like to hear more about the groups that meet in the library on weekday mornings. '.repeat(4)}(LONG1)`;
    expect(() => planPoster(campaign, 'en', words(long), { sms: SMS, whatsapp: WHATSAPP })).toThrow(PosterError);
    expect(() => planPoster(campaign, 'en', words(long), { sms: SMS, whatsapp: WHATSAPP })).toThrow(
      /too much for a QR code that scans when printed 60 mm wide\. Shorten campaigns\.long\.prefill in content\/en\/campaigns\.yaml/,
    );
  });

  it('a short one is accepted', () => {
    expect(planPoster(campaign, 'en', words('Hi (LONG1)'), { sms: SMS, whatsapp: WHATSAPP }).codes.map((c) => c.channel)).toEqual(['whatsapp', 'sms']);
  });
});
