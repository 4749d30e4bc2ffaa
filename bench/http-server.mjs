/**
 * The server for bench:http: exactly what `npm start` builds (real Redis, signatures checked, WORKERS
 * processes), plus one baseline route that only checks the signature and returns static TwiML.
 */
import cluster from 'node:cluster';
import express from 'express';
import { verifyTwilioSignature } from '../src/channels/twilio-signature.js';
import { loadConfig } from '../src/config.js';
import { buildServer } from '../src/server/build-server.js';
import { BODY_LIMIT } from '../src/server/create-app.js';
import { createLogger } from '../src/server/logger.js';
import { runClustered } from '../src/server/run-clustered.js';
import { toTwiml } from '../src/server/twiml.js';

const { config } = loadConfig();
const STATIC = toTwiml(['Thanks, this is a fixed reply.']);

// A clean exit lets --cpu-prof write its profile.
if (cluster.isPrimary && config.workers <= 1) process.on('SIGTERM', () => process.exit(0));

await runClustered(config.workers, async () => {
  const { app } = await buildServer(config, createLogger(config.logLevel));
  const outer = express();
  outer.post('/bench/baseline', express.urlencoded({ extended: false, limit: BODY_LIMIT }), (req, res) => {
    const ok = verifyTwilioSignature({
      authToken: config.twilio.authToken!,
      url: config.publicBaseUrl + req.originalUrl,
      params: req.body as Record<string, string>,
      signature: req.header('X-Twilio-Signature'),
    });
    if (!ok) {
      res.status(403).end();
      return;
    }
    res.type('text/xml').send(STATIC);
  });
  outer.use(app);
  outer.listen(config.port, config.host);
});
