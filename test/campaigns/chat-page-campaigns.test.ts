import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/build-server.js';
import { createLogger } from '../../src/server/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { REPO_ROOT, testBot } from '../support/test-bot.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(REPO_ROOT, '.test-output');
/** A day when the library leaflet runs and Loneliness Awareness Week has not started yet. */
const TODAY = Date.parse('2026-03-02T10:00:00Z');

describe('the chat page starts a campaign as a resident who scanned its code', () => {
  let server: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install -y chromium`).toBe(true);
    const { config } = loadConfig({ NODE_ENV: 'test', CHAT_PAGE: 'true' });
    const logger = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
    const { app } = await buildServer(config, logger, { bot: await testBot(), store: new MemoryStore(), handler: { clock: () => TODAY } });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('/?campaign=library&lang=pl sends the Polish prefilled words and shows the Polish campaign start', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await page.goto(`${base}/?campaign=library&lang=pl`);
    await page.locator('.bubble.me', { hasText: 'Piszę w sprawie ulotki z biblioteki (BIBLIOTEKA24)' }).waitFor();
    // The preview starts as SMS, where Polish is sent without accents (sms_plain_letters) to cost fewer segments.
    await page.locator('.bubble.bot', { hasText: 'Dziekujemy za wiadomosc w sprawie ulotki' }).waitFor();
    expect(await page.locator('.bubble.bot').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Jaki jest Twoj kod pocztowy')]));
    await page.screenshot({ path: join(SCREENSHOTS, 'chat-page-campaign.png'), fullPage: true });
  });

  it('the picker lists every campaign in each language, with its dates, and starts a fresh conversation', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 900 } });
    await page.goto(base);
    await page.fill('#text', 'hi');
    await page.click('button[type=submit]');
    await page.locator('.bubble.bot', { hasText: 'this is Signpost' }).waitFor();

    const options = await page.locator('#campaign option').allTextContents();
    expect(options).toEqual([
      'Choose a campaign…',
      'Loneliness Awareness Week 2026 · en (starts 2026-06-01)',
      'Loneliness Awareness Week 2026 · pl (starts 2026-06-01)',
      'GP surgery waiting-room poster · en',
      'GP surgery waiting-room poster · pl',
      'Library leaflet · en',
      'Library leaflet · pl',
    ]);
    await page.selectOption('#campaign', 'gp_poster:en');
    await page.locator('.bubble.bot', { hasText: 'How often do you feel that you lack companionship?' }).waitFor();
    expect(await page.locator('.bubble.me').allTextContents()).toEqual(['Hi! I saw your poster at the surgery (GP26)']);
    expect(await page.locator('.scan').textContent()).toBe('Scanned the GP surgery waiting-room poster code (en)');

    // Not started yet: what a resident would see today is the ordinary welcome.
    await page.selectOption('#campaign', 'law26:en');
    await page.locator('.bubble.bot', { hasText: 'this is Signpost' }).waitFor();
    expect(await page.locator('.bubble.bot').allTextContents()).not.toEqual(expect.arrayContaining([expect.stringContaining('Loneliness Awareness Week')]));
  });

  it('an unknown campaign in the address says so calmly', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/?campaign=bus_stops`);
    await page.locator('.bubble.bot', { hasText: 'there is no campaign "bus_stops"' }).waitFor();
  });
});
