/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/connect/accounts.js';
import { buildConnectHarness } from '../support/connect-harness.js';
import { SCREENSHOTS, serveToBrowser } from '../support/chromium.js';

const PASSWORD = 'a long connector password';

describe('the connector inbox in Chromium', () => {
  let h: Awaited<ReturnType<typeof buildConnectHarness>>;
  let session: Awaited<ReturnType<typeof serveToBrowser>>;
  let browser: Browser;
  let base: string;
  let ids: string[];

  beforeAll(async () => {
    // Served over plain http on 127.0.0.1, so cookies are not marked Secure (they are over https).
    h = await buildConnectHarness({ publicBaseUrl: 'http://127.0.0.1' });
    await createAccount(await h.db(), 'sam@council.gov.uk', PASSWORD);
    const records = await h.callbacks!.records();
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const made = [
      await records.record({ conversationId: 'a', contactHash: 'a', channel: 'sms', locale: 'en', method: 'call', bestTime: 'morning', topic: 'company', phone: '+447700900111', firstName: '<script>alert("owned")</script>' }, at(90)),
      await records.record({ conversationId: 'b', contactHash: 'b', channel: 'whatsapp', locale: 'pl', method: 'text', bestTime: 'evening', topic: 'practical', phone: '+447700900222', firstName: 'Łucja' }, at(30)),
    ];
    ids = made.map((m) => m.id);
    session = await serveToBrowser(h.app);
    ({ base, browser } = session);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await h?.close();
  });

  it('signs in by keyboard, lists requests, reveals a number (logged), closes the request and shows it in the audit log, on a phone screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(`${base}/connect`);
    expect(page.url()).toBe(`${base}/connect/sign-in`);

    // Keyboard only: the skip link first, then the labelled fields, then the button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.getByLabel('E-mail address').focus();
    await page.keyboard.type('sam@council.gov.uk');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.screenshot({ path: join(SCREENSHOTS, 'inbox-sign-in.png'), fullPage: true });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/connect/requests`);

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Callback requests');
    const items = page.locator('.requests > li');
    expect(await items.count()).toBe(2);
    // Longest waiting first; the name holding a script is text, and nothing ran.
    expect(await items.nth(0).locator('a').textContent()).toBe('<script>alert("owned")</script>: Feeling cut off or wanting company');
    expect(await items.nth(1).textContent()).toContain('Polish');
    expect(await page.content()).not.toContain('+447700900111');
    await page.screenshot({ path: join(SCREENSHOTS, 'inbox-list.png'), fullPage: true });

    await items.nth(0).locator('a').click();
    await page.waitForURL(`${base}/connect/requests/${ids[0]}`);
    await page.getByRole('button', { name: 'Show number' }).click();
    await expect(page.locator('#number').textContent()).resolves.toBe('+447700900111');
    await page.screenshot({ path: join(SCREENSHOTS, 'inbox-reveal.png'), fullPage: true });

    await page.getByRole('button', { name: 'Close (erases the number)' }).click();
    await page.getByRole('status').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('The number and name have been erased');
    expect(await page.content()).not.toContain('+447700900111');
    expect(await page.locator('dd .badge').textContent()).toBe('Closed');

    await page.getByRole('link', { name: 'Audit log' }).click();
    const rows = page.locator('tbody tr');
    const text = (await rows.allTextContents()).join('\n');
    expect(text).toMatch(/sam@council\.gov\.ukStatus changed: closed/);
    expect(text).toMatch(/sam@council\.gov\.ukNumber shown/);
    expect(text).toMatch(/sam@council\.gov\.ukSigned in/);
    await page.screenshot({ path: join(SCREENSHOTS, 'inbox-audit.png'), fullPage: true });
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('has labels, a language, contrast well above AA, and fits a phone screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    await page.goto(`${base}/connect/sign-in`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    for (const id of ['email', 'password']) expect(await page.locator(`label[for=${id}]`).count()).toBe(1);
    const contrast = await page.evaluate(() => {
      const rgb = (c: string) => c.match(/\d+/g)!.slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const ratio = (a: string, b: string) => {
        const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((m, n) => n - m);
        return (x! + 0.05) / (y! + 0.05);
      };
      const button = getComputedStyle(document.querySelector('main button')!);
      const body = getComputedStyle(document.body);
      return { body: ratio(body.color, body.backgroundColor), button: ratio(button.color, button.backgroundColor) };
    });
    expect(contrast.body).toBeGreaterThan(7);
    expect(contrast.button).toBeGreaterThan(4.5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});
