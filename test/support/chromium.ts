import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from './test-bot.js';

/** Debian's Chromium, installed by .ci/run; playwright-core downloads no browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where browser tests leave screenshots to look at. */
export const SCREENSHOTS = join(REPO_ROOT, '.test-output');

/** Serve the app on a free port and start headless Chromium: what every browser test begins with. */
export async function serveToChromium(app: Express): Promise<{ server: Server; base: string; browser: Browser }> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { server, base, browser };
}
