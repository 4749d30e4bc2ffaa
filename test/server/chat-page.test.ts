import { statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { buildTestApp } from '../support/test-server.js';
import { SCREENSHOTS, serveToChromium } from '../support/chromium.js';


describe('the browser chat page', () => {
  let server: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const { app } = await buildTestApp(new MemoryStore());
    ({ server, base, browser } = await serveToChromium(app));
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('lets an officer chat as SMS (segments shown) and as WhatsApp (bold shown), and looks right', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await page.goto(base);
    await expect(page.title()).resolves.toContain('Signpost');

    await page.fill('#text', 'hi');
    await page.click('button[type=submit]');
    const first = page.locator('.bubble.bot').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('this is Signpost');
    expect(await page.locator('.bubble.bot .meta').first().textContent()).toMatch(/\d SMS segments? · GSM-7/);

    await page.fill('#text', '1');
    await page.press('#text', 'Enter');
    await page.locator('.bubble.bot', { hasText: 'lack companionship' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'chat-page-sms.png'), fullPage: true });

    await page.click('text=WhatsApp');
    await page.fill('#text', 'menu');
    await page.click('button[type=submit]');
    await page.locator('.bubble.bot', { hasText: 'What would you like to do?' }).waitFor();
    await page.fill('#text', '4');
    await page.click('button[type=submit]');
    await page.locator('.bubble.bot', { hasText: 'Which would you like to try?' }).waitFor();
    await page.fill('#text', '1');
    await page.click('button[type=submit]');
    const bold = page.locator('.bubble.bot strong', { hasText: 'Connect' });
    await bold.waitFor();
    expect(await page.locator('main').getAttribute('class')).toBe('whatsapp');
    await page.screenshot({ path: join(SCREENSHOTS, 'chat-page-whatsapp.png'), fullPage: true });
    expect(statSync(join(SCREENSHOTS, 'chat-page-whatsapp.png')).size).toBeGreaterThan(10_000);
  }, 30_000);

  // Runs in the page; the tests' TypeScript has no DOM types, so the browser's global is named loosely.
  const directionOf = (el: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { direction: string } }).getComputedStyle(el).direction;

  it('shows Urdu right to left', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await page.goto(base);
    await page.fill('#text', 'urdu');
    await page.click('button[type=submit]');
    const urdu = page.locator('.bubble.bot', { hasText: 'اردو' }).first();
    await urdu.waitFor();
    expect(await urdu.evaluate(directionOf)).toBe('rtl');
    await page.fill('#text', 'menu');
    await page.click('button[type=submit]');
    const menu = page.locator('.bubble.bot', { hasText: 'آپ کیا کرنا چاہیں گے' });
    await menu.waitFor();
    expect(await menu.evaluate(directionOf)).toBe('rtl');
    await page.screenshot({ path: join(SCREENSHOTS, 'chat-page-urdu.png'), fullPage: true });
    const english = page.locator('.bubble.me').first();
    expect(await english.evaluate(directionOf)).toBe('ltr');
  }, 30_000);

  it('is off when the chat page is disabled, as in production', async () => {
    const { app } = await buildTestApp(new MemoryStore(), { chatPage: false });
    const off = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => off.once('listening', resolve));
    const res = await fetch(`http://127.0.0.1:${(off.address() as AddressInfo).port}/`);
    expect(res.status).toBe(404);
    off.close();
  });
});
