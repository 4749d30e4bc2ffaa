import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BotFilesCheck } from '../../src/check-bot-files.js';
import { createLiveBot } from '../../src/server/live-bot.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createBotReloader } from '../../src/server/reload-bot.js';
import { testBot } from '../support/test-bot.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

describe('reloads', () => {
  it('a burst of requests while one reload runs shares a single further reload, and each gets its outcome', async () => {
    const bot = await testBot();
    let checks = 0;
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const check = async (): Promise<BotFilesCheck> => {
      checks += 1;
      if (checks === 1) await slow;
      return { bot, issues: [], heldBack: 0, report: { unreviewed: new Map(), missing: new Map() } };
    };
    const reloader = createBotReloader({ live: createLiveBot(bot), check, logger: quiet, metrics: createMetrics() });
    const first = reloader.reload('first');
    await new Promise((r) => setTimeout(r, 10));
    const burst = Array.from({ length: 9 }, (_, i) => reloader.reload(`burst ${i}`));
    release();
    const outcomes = await Promise.all([first, ...burst]);
    expect(outcomes.every((o) => o.status === 'unchanged')).toBe(true);
    expect(checks).toBe(2);
  });

  it('a loader that throws is a refused reload, never a crash, and the running version stays', async () => {
    const bot = await testBot();
    const live = createLiveBot(bot);
    const reloader = createBotReloader({ live, check: () => Promise.reject(new Error('disk on fire')), logger: quiet, metrics: createMetrics() });
    const outcome = await reloader.reload('test');
    expect(outcome).toMatchObject({ status: 'refused', errors: ['flows and content:1: error: disk on fire'] });
    expect(live.current).toBe(bot);
    expect(reloader.last.status).toBe('refused');
  });
});
