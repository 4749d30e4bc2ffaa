/**
 * A stand-in for Twilio's Messages API, run as its own process by bench/followups.ts (the real Twilio is not in the
 * worker's process either): answers every create with a new sid and counts sends per recipient. Tells its parent
 * its port, and on "counts" sends back how many messages each number got.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';

const ACCOUNT = 'AC' + '0'.repeat(32);
const sentTo = new Map<string, number>();
let sid = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk));
  req.on('end', () => {
    const to = new URLSearchParams(body).get('To') ?? '';
    sentTo.set(to, (sentTo.get(to) ?? 0) + 1);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ sid: `SM${(++sid).toString(16).padStart(32, '0')}`, status: 'queued', account_sid: ACCOUNT }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1');
await once(server, 'listening');
process.send!({ port: (server.address() as { port: number }).port });
process.on('message', (message) => {
  if (message === 'counts') process.send!({ received: sid, sentTo: [...sentTo] });
  if (message === 'stop') server.close(() => process.exit(0));
});
