import QRCode from 'qrcode';
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

/** The QR version a link needs (bigger versions mean smaller squares at the same print size). */
export function qrVersionOf(link: string): number {
  try {
    return QRCode.create(link, { errorCorrectionLevel: QR_ERROR_CORRECTION }).version;
  } catch {
    return Infinity;
  }
}

/** Why a prefilled text would not make a code that scans at poster size, or null when it would. */
export function printableLinkProblem(text: string, number = SAMPLE_NUMBER): string | null {
  for (const channel of ['whatsapp', 'sms'] as const) {
    const link = prefilledLink(channel, number, text);
    const version = qrVersionOf(link);
    if (version > MAX_QR_VERSION) {
      return `its ${channel === 'whatsapp' ? 'WhatsApp' : 'SMS'} link is ${link.length} characters (letters outside A-Z and spaces take 3 each), which needs a QR code too dense to scan when printed ${QR_PRINT_MM} mm wide (version ${Number.isFinite(version) ? version : '40+'}, at most ${MAX_QR_VERSION})`;
    }
  }
  return null;
}
