/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/connect/accounts.js';
import { buildConnectHarness } from '../support/connect-harness.js';
import { SCREENSHOTS, serveToBrowser } from '../support/chromium.js';
import { AUTUMN, loadAutumnFigures } from '../support/insights-data.js';

const PASSWORD = 'a long analyst password';
const RANGE = `from=${AUTUMN.from}&to=${AUTUMN.to}`;

describe('the insights pages in Chromium', () => {
  let h: Awaited<ReturnType<typeof buildConnectHarness>>;
  let session: Awaited<ReturnType<typeof serveToBrowser>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    h = await buildConnectHarness({ publicBaseUrl: 'http://127.0.0.1' });
    await createAccount(await h.db(), 'ana@council.gov.uk', PASSWORD, 'analyst');
    await loadAutumnFigures(await h.db());
    session = await serveToBrowser(h.app);
    ({ base, browser } = session);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await h?.close();
  });

  /** Sign in by keyboard and open the figures for RANGE; every console error or refused script is kept. */
  async function signedInPage(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => void problems.push(e.message));
    await page.goto(`${base}/insights`);
    expect(page.url()).toBe(`${base}/insights/sign-in`);
    await page.getByLabel('E-mail address').fill('ana@council.gov.uk');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/insights/reports`);
    await page.goto(`${base}/insights/reports?${RANGE}`);
    await page.locator('.chart canvas').first().waitFor();
    return { page, problems };
  }

  /** How many of a chart's pixels are drawn (not white or transparent): a chart, not an empty box. */
  const inkOf = (page: Page, index: number) =>
    page.locator('.chart canvas').nth(index).evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 230 || data[i + 1]! < 230 || data[i + 2]! < 230)) ink += 1;
      return ink / (data.length / 4);
    });

  it('draws every report as a chart with its table beneath on a laptop, with no script refused', async () => {
    const { page, problems } = await signedInPage({ width: 1280, height: 800 });
    const sections = page.locator('section.report');
    expect(await sections.count()).toBe(7);
    for (let i = 0; i < 7; i++) {
      const section = sections.nth(i);
      expect(await section.locator('.chart canvas').count(), `chart ${i}`).toBe(1);
      expect(await section.locator('table').count(), `table ${i}`).toBe(1);
      expect(await section.getByRole('link', { name: /as CSV$/ }).count()).toBe(1);
    }
    expect(await inkOf(page, 2)).toBeGreaterThan(0.01);
    // A suppressed figure reads "<10" in its table.
    expect(await page.locator('#report-journey_funnel ~ .table-wrap td').allTextContents()).toContain('<10');
    await page.screenshot({ path: join(SCREENSHOTS, 'insights-laptop.png'), fullPage: true });
    // The README's picture (docs/insights.png): the filters, the first chart and the start of its table.
    await page.screenshot({ path: join(SCREENSHOTS, 'insights-laptop-top.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1100 } });
    await page.locator('#report-journey_funnel').locator('..').screenshot({ path: join(SCREENSHOTS, 'insights-funnel.png') });
    expect(problems).toEqual([]);
  }, 60_000);

  it('fits a phone screen: charts as wide as the screen, no sideways scrolling of the page', async () => {
    const { page, problems } = await signedInPage({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const width = await page.locator('.chart').first().evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(300);
    expect(await inkOf(page, 0)).toBeGreaterThan(0.01);
    await page.screenshot({ path: join(SCREENSHOTS, 'insights-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);
});
