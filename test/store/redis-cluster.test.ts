import { once } from 'node:events';
import type { Cluster } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIdFor } from '../../src/channels/conversation-id.js';
import { createRedisClusterClient } from '../../src/store/redis-client.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { startRedisCluster, type ThrowawayCluster } from '../support/redis-cluster.js';
import { buildTestApp, ID_SECRET, inboundForm, messagesIn, sign } from '../support/test-server.js';
import { describeStoreContract } from './contract.js';
import { describeSettling } from './settling.js';

/** The Redis store on a real three-master Redis Cluster: the whole contract suite, then the webhook on it. */
let cluster: ThrowawayCluster;
const clients: Cluster[] = [];

async function connect(): Promise<Cluster> {
  const client = createRedisClusterClient(cluster.urls);
  await once(client, 'ready');
  clients.push(client);
  return client;
}

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await cluster?.stop();
});

describeStoreContract('redis cluster', async () => new RedisStore(await connect(), { prefix: 'sp-cluster' }), async () => new RedisStore(await connect(), { prefix: 'sp-cluster' }));
describeSettling('redis cluster', connect);

describe('the webhook on a Redis Cluster', () => {
  it('spreads conversations over all three masters, runs turns, recognises retries and erases both channels on DELETE', async () => {
    const client = await connect();
    const { app } = await buildTestApp(new RedisStore(client, { prefix: 'sp-cluster-web' }));
    const post = (form: Record<string, string>) => request(app).post('/twilio/messages').set('X-Twilio-Signature', sign('/twilio/messages', form)).type('form').send(form);

    const phones = Array.from({ length: 12 }, (_, i) => `+4477009${String(30_000 + i).padStart(5, '0')}`);
    for (const phone of phones) expect(messagesIn((await post(inboundForm(phone, 'hi'))).text).join('')).toContain('this is Signpost');
    const masters = client.nodes('master');
    expect(masters).toHaveLength(3);
    const perMaster = await Promise.all(masters.map((node) => node.dbsize()));
    expect(perMaster.every((n) => n > 0)).toBe(true);

    const phone = phones[0]!;
    const answer = inboundForm(phone, '1');
    const first = await post(answer);
    expect(messagesIn(first.text).join('')).toContain('lack companionship');
    expect((await post(answer)).text).toBe(first.text);

    await post(inboundForm(`whatsapp:${phone}`, 'hi'));
    await post(inboundForm(phone, 'delete'));
    expect(messagesIn((await post(inboundForm(phone, 'yes'))).text).join('')).toContain('deleted everything');
    const store = new RedisStore(client, { prefix: 'sp-cluster-web' });
    for (const channel of ['sms', 'whatsapp'] as const) expect(await store.getSession(conversationIdFor(ID_SECRET, channel, phone))).toBeNull();
  });
});
