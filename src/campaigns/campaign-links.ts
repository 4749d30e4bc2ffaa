import { createRequire } from 'node:module';
import type { Channel } from '../conversation/reply.js';

/** Each code is printed this wide on the poster. */
export const QR_PRINT_MM = 60;
/** Phone cameras read a printed code reliably from arm's length when each square is at least this big. */
const MIN_MODULE_MM = 0.8;
/** Error correction M: a scuffed or partly covered poster still scans (15% of the code can be lost). */
export const QR_ERROR_CORRECTION = 'M';
/** QR version n has 17 + 4n squares a side, plus a quiet zone of 4 on each side. */
const QUIET_ZONE = 4;
export const MAX_QR_VERSION = Math.floor((QR_PRINT_MM / MIN_MODULE_MM - 2 * QUIET_ZONE - 17) / 4);
/** A UK mobile number as long as any real one, for checking prefilled texts before a number is set. */
const SAMPLE_NUMBER = '+447700900000';

/** The link a QR code opens: WhatsApp or the SMS app, addressed to the council's number, with the text typed. */
export function prefilledLink(channel: Channel, number: string, text: string): string {
  const body = encodeURIComponent(text);
  // wa.me takes the number as digits only; `sms:…?&body=` is the form both iOS and Android read.
  return channel === 'whatsapp' ? `https://wa.me/${number.replace(/\D/g, '')}?text=${body}` : `sms:${number}?&body=${body}`;
}

// Only qrcode's choice of version, not its drawing: the check runs at every start and publish, and drawing each
// code (masks, error correction) to learn its version was a sixth of a cold start. The poster draws with the
// same library, so the version checked is the version printed (test/campaigns/campaign-links.test.ts).
const require = createRequire(import.meta.url);
type Segments = { rawSplit(data: string): unknown[]; fromString(data: string, version: number): unknown[] };
type Versions = { getBestVersionForData(segments: unknown[], errorCorrectionLevel: string): number | undefined };
let qr: { segments: Segments; versions: Versions } | undefined;
const loadQr = () => (qr ??= { segments: require('qrcode/lib/core/segments') as Segments, versions: require('qrcode/lib/core/version') as Versions });

/**
 * The version of qrcode's plain split of a link into modes, before it optimises the split: never below the version
 * it chooses (the optimised split fits wherever the plain one does), and quick, where optimising is a few ms a link.
 */
function plainSplitVersion(link: string): number {
  const { segments, versions } = loadQr();
  return versions.getBestVersionForData(segments.rawSplit(link), QR_ERROR_CORRECTION) ?? Infinity;
}

/** The QR version a link needs (bigger versions mean smaller squares at the same print size). */
export function qrVersionOf(link: string): number {
  const { segments, versions } = loadQr();
  // As QRCode.create picks it: estimate from a plain split, then the best version for the optimised segments.
  const estimate = plainSplitVersion(link);
  return versions.getBestVersionForData(segments.fromString(link, Number.isFinite(estimate) ? estimate : 40), QR_ERROR_CORRECTION) ?? Infinity;
}

/** Why a prefilled text would not make a code that scans at poster size, or null when it would. */
export function printableLinkProblem(text: string, number = SAMPLE_NUMBER): string | null {
  for (const channel of ['whatsapp', 'sms'] as const) {
    const link = prefilledLink(channel, number, text);
    // A plain split that is printable is enough: the optimised one is never denser.
    if (plainSplitVersion(link) <= MAX_QR_VERSION) continue;
    const version = qrVersionOf(link);
    if (version > MAX_QR_VERSION) {
      return `its ${channel === 'whatsapp' ? 'WhatsApp' : 'SMS'} link is ${link.length} characters (letters outside A-Z and spaces take 3 each), which needs a QR code too dense to scan when printed ${QR_PRINT_MM} mm wide (version ${Number.isFinite(version) ? version : '40+'}, at most ${MAX_QR_VERSION})`;
    }
  }
  return null;
}
