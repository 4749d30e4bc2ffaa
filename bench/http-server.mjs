/**
 * The server for bench:http: the compiled build (dist/, what the Docker image runs), built exactly as
 * `npm start` builds it (real Redis, signatures checked, WORKERS processes), plus one baseline route, in an
 * express app of its own, that only checks the signature and returns static TwiML. Plain JavaScript so it
 * runs on dist/ directly: tsx would run src/ through its own transform instead.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import express from 'express';
import { verifyTwilioSignature } from '../dist/channels/twilio-signature.js';
import { loadConfig } from '../dist/config.js';
import { buildServer } from '../dist/server/build-server.js';
import { BODY_LIMIT } from '../dist/server/create-app.js';
import { createLogger } from '../dist/server/logger.js';
import { runClustered } from '../dist/server/run-clustered.js';
import { toTwiml } from '../dist/server/twiml.js';

const { config } = loadConfig();
const STATIC = toTwiml(['Thanks, this is a fixed reply.']);

// A clean exit lets --cpu-prof write its profile.
if (cluster.isPrimary && config.workers <= 1) process.on('SIGTERM', () => process.exit(0));

await runClustered(config.workers, async () => {
  const { app } = await buildServer(config, createLogger(config.logLevel));
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
  // Each app at the top of its own server, as `npm start` runs it: mounting one app in another would tax the
  // webhook with a layer production doesn't have.
  createServer((req, res) => (req.url === '/bench/baseline' ? baseline(req, res) : app(req, res))).listen(config.port, config.host);
});
