import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { ADMIN_TOKEN, buildTestApp, inboundForm, messagesIn, sign } from '../support/test-server.js';

const prefix = `sp-flood-${randomUUID().slice(0, 8)}`;
let client: Redis;
let next = 0;
const newNumber = () => `+4477009${String(20_000 + next++).padStart(5, '0')}`;

beforeAll(async () => {
  client = createRedisClient(inject('redisUrl'));
  await once(client, 'ready');
});
afterAll(async () => {
  for await (const keys of client.scanStream({ match: `${prefix}:*`, count: 500 })) if ((keys as string[]).length) await client.del(...(keys as string[]));
  client.disconnect();
});

async function harnessWith(flood: { burst: number; refillMs: number }, dailySegmentBudget = 20_000) {
  const own = createRedisClient(inject('redisUrl'));
  await once(own, 'ready');
  return buildTestApp(new RedisStore(own, { prefix }), { flood, dailySegmentBudget });
}

function post(app: Parameters<typeof request>[0], form: Record<string, string>) {
  return request(app).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form);
}

describe('flood control', () => {
  it('answers a burst, then says once that it will answer in a moment, then stays silent; a crisis message is always answered', async () => {
    const { app } = await harnessWith({ burst: 5, refillMs: 60_000 });
    const phone = newNumber();
    const answers: string[][] = [];
    for (let i = 0; i < 100; i++) answers.push(messagesIn((await post(app, inboundForm(phone, i % 2 ? 'menu' : 'hi'))).text));
    expect(answers.slice(0, 5).every((a) => a.length > 0)).toBe(true);
    expect(answers[5]!.join('')).toContain("I'll answer in a moment");
    expect(answers[5]!.join('')).toContain('116 123');
    expect(answers.slice(6).every((a) => a.length === 0)).toBe(true);
    const outbound = answers.flat().length;
    expect(outbound).toBeLessThanOrEqual(25);

    const crisis = messagesIn((await post(app, inboundForm(phone, 'I want to kill myself'))).text).join('\n');
    expect(crisis).toContain('116 123');
    expect(crisis).toContain('999');
    expect(crisis).not.toContain("I'll answer in a moment");
  });

  it('lets a sender carry on once the budget refills, and keeps senders apart', async () => {
    const { app } = await harnessWith({ burst: 2, refillMs: 150 });
    const [phone, other] = [newNumber(), newNumber()];
    for (let i = 0; i < 4; i++) await post(app, inboundForm(phone, 'hi'));
    expect(messagesIn((await post(app, inboundForm(other, 'hi'))).text).length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(messagesIn((await post(app, inboundForm(phone, 'menu'))).text).join('')).toContain('1.');
  });

  it('counts outbound segments for the day across instances and warns at 80% of the budget', async () => {
    const built = await harnessWith({ burst: 50, refillMs: 1_000 }, 8);
    for (let i = 0; i < 4; i++) await post(built.app, inboundForm(newNumber(), 'hi'));
    await built.segmentBudget.flush();
    const metrics = await request(built.app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(metrics.text).toMatch(/signpost_outbound_segments_today \d+/);
    expect(metrics.text).toMatch(/signpost_outbound_segment_budget_used_ratio \d/);
    expect(built.logs.join('')).toMatch(/reached (80|100)% of DAILY_SEGMENT_BUDGET/);
    built.segmentBudget.stop();
  });
});
