import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/build-server.js';
import { createLogger } from '../../src/server/logger.js';
import { publishEditsAsSaved } from '../../src/server/watch-bot-files.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { SCREENSHOTS, serveToBrowser } from '../support/chromium.js';
import { copyBotFiles } from '../support/bot-files-copy.js';


/** The preview as `npm start` runs it in development: on a copy of the files, with edits published as saved. */
describe('the preview follows the comms team', () => {
  const { root, edit } = copyBotFiles('signpost-preview-');
  let session: Awaited<ReturnType<typeof serveToBrowser>>;
  let browser: Browser;
  let base: string;
  let watcher: { close(): Promise<void> };

  beforeAll(async () => {
    const { config } = loadConfig({ NODE_ENV: 'development', CONTENT_ROOT: root, CHAT_PAGE: 'true' });
    const logger = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
    const { app, reloader } = await buildServer(config, logger, { store: new MemoryStore() });
    watcher = publishEditsAsSaved(config, reloader);
    session = await serveToBrowser(app);
    ({ base, browser } = session);
  }, 30_000);
  afterAll(async () => {
    await session?.close();
    await watcher?.close();
  });

  async function say(page: Page, text: string) {
    const before = await page.locator('.bubble').count();
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
    // Locators, not waitForFunction strings: the page's policy forbids evaluating strings as script.
    await page.locator('.bubble').nth(before + 1).waitFor();
  }

  const diagramAt = (page: Page, step: string) => page.locator(`#diagram[data-at=${JSON.stringify(step)}]`).waitFor({ state: 'attached' });

  it('draws the current flow with the live step highlighted, and keeps the transcript across a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The page's strict Content-Security-Policy must still let its own scripts, styles and Mermaid work.
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    await page.goto(base);
    await say(page, 'hi');
    await page.locator('#diagram svg').waitFor();
    await diagramAt(page, 'welcome.offer_checkin');
    expect(await page.locator('#flow-name').textContent()).toBe('welcome');
    expect(await page.locator('#diagram svg .live').textContent()).toContain('offer_checkin');

    await say(page, '1');
    await diagramAt(page, 'checkin.companionship');
    expect(await page.locator('#flow-name').textContent()).toBe('checkin');
    await page.screenshot({ path: join(SCREENSHOTS, 'preview-diagram.png') });
    expect(refused).toEqual([]);

    const bubbles = await page.locator('.bubble').allTextContents();
    await page.reload();
    await page.locator('.bubble').nth(bubbles.length - 1).waitFor();
    expect(await page.locator('.bubble').allTextContents()).toEqual(bubbles);
    await diagramAt(page, 'checkin.companionship');
  }, 60_000);

  it('shows a saved edit within a second or two, and a broken edit as an error while the last good version runs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(base);
    await page.click('#restart');
    edit('content/en/welcome.yaml', (s) => s.replace('Hi, this is {service_name}', 'Hello, you have reached {service_name}'));
    await page.locator('.bubble.notice', { hasText: 'Your edit is live' }).waitFor({ timeout: 5000 });
    await say(page, 'hi');
    expect(await page.locator('.bubble.bot').first().textContent()).toContain('Hello, you have reached Signpost');

    edit('content/en/welcome.yaml', (s) => s.replace("offer_yes: Yes, let's do it", "offer_yes: Yes: let's do it"));
    await page.locator('#problems', { hasText: "content/en/welcome.yaml:5: error: a text containing ': ' needs quotes" }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'preview-broken-edit.png') });
    await say(page, 'menu');
    expect(await page.locator('.bubble.bot').last().textContent()).toContain('What would you like to do?');

    edit('content/en/welcome.yaml', (s) => s.replace("offer_yes: Yes: let's do it", "offer_yes: Yes, let's do it"));
    await page.locator('#problems').waitFor({ state: 'hidden', timeout: 5000 });
  }, 60_000);

  it('says when Twilio answers on SMS, when the bot stays silent on purpose, and switches language', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(base);
    await page.click('#restart');
    await say(page, 'hi');
    await say(page, 'STOP');
    expect(await page.locator('.bubble').last().textContent()).toContain('Twilio answers STOP itself');
    await say(page, 'hello?');
    expect(await page.locator('.bubble.notice').last().textContent()).toContain('No reply, on purpose');
    await say(page, 'START');

    await page.click('text=WhatsApp');
    await page.click('#restart');
    await say(page, 'hi');
    await page.selectOption('#locale', 'pl');
    await page.locator('.bubble.bot', { hasText: 'od teraz piszę po polsku' }).waitFor();
    await page.locator('#diagram svg', { hasText: 'Czy chcesz odpowiedzieć' }).waitFor();
    await say(page, 'restart');
    expect(await page.locator('.bubble.bot', { hasText: 'Dzień dobry' }).last().textContent()).toContain('od Twojej lokalnej rady');
    await page.screenshot({ path: join(SCREENSHOTS, 'preview-polish.png') });
  }, 60_000);
});
