/**
 * The server for bench:http: the compiled build (dist/, what the Docker image runs), built exactly as
 * `npm start` builds it (real Redis, signatures checked, WORKERS processes, logs at info on stdout), plus the
 * two baselines, each answering static TwiML: `/bench/baseline`, an express app of its own that checks the
 * signature, and `/bench/bare`, bare node:http that only reads the body. `/bench/cpu` reports this process's
 * CPU time (process.cpuUsage), so the bench can divide it by the requests a run made. Plain JavaScript so it
 * runs on dist/ directly: tsx would run src/ through its own transform instead.
 */
import cluster from 'node:cluster';
import express from 'express';
import { verifyTwilioSignature } from '../dist/channels/twilio-signature.js';
import { loadConfig } from '../dist/config.js';
import { buildServer } from '../dist/server/build-server.js';
import { BODY_LIMIT } from '../dist/server/create-app.js';
import { createHttpServer } from '../dist/server/http-server.js';
import { createLogger } from '../dist/server/logger.js';
import { runClustered } from '../dist/server/run-clustered.js';
import { toTwiml } from '../dist/server/twiml.js';

const { config } = loadConfig();
const STATIC = toTwiml(['Thanks, this is a fixed reply.']);

// A clean exit lets --cpu-prof write its profile.
if (cluster.isPrimary && config.workers <= 1) process.on('SIGTERM', () => process.exit(0));

await runClustered(config.workers, async () => {
  const { listener } = await buildServer(config, createLogger(config.logLevel));
  const baseline = express();
  baseline.post('/bench/baseline', express.urlencoded({ extended: false, limit: BODY_LIMIT }), (req, res) => {
    const ok = verifyTwilioSignature({
      authToken: config.twilio.authToken,
      url: config.publicBaseUrl + req.originalUrl,
      params: req.body,
      signature: req.header('X-Twilio-Signature'),
    });
    if (!ok) {
      res.status(403).end();
      return;
    }
    res.type('text/xml').send(STATIC);
  });
  const bare = (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(STATIC) });
      res.end(STATIC);
    });
  };
  const cpu = (_req, res) => {
    const { user, system } = process.cpuUsage();
    res.end(JSON.stringify({ micros: user + system }));
  };
  // Each app at the top of the server, as `npm start` runs it: mounting one app in another would tax the
  // webhook with a layer production doesn't have.
  const routes = new Map([['/bench/baseline', baseline], ['/bench/bare', bare], ['/bench/cpu', cpu]]);
  createHttpServer((req, res) => (routes.get(req.url) ?? listener)(req, res)).listen(config.port, config.host);
});
