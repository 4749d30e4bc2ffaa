import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { QR_ERROR_CORRECTION, QR_PRINT_MM } from './campaign-links.js';
import type { PosterPlan } from './poster-plan.js';

/** DejaVu Sans covers Polish and every other Latin alphabet; PDF's built-in Helvetica does not. */
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MM = 72 / 25.4;
const MARGIN = 20 * MM;
const INK = '#1b1b1b';
const ACCENT = '#00594f';
const QUIET = '#555555';

/** A QR code as SVG (for designers) and as a PNG sharp enough for print (about 12 pixels a square). */
export async function renderCodes(link: string): Promise<{ svg: string; png: Buffer }> {
  const options = { errorCorrectionLevel: QR_ERROR_CORRECTION, margin: 4 } as const;
  const [svg, png] = await Promise.all([QRCode.toString(link, { ...options, type: 'svg' }), QRCode.toBuffer(link, { ...options, type: 'png', scale: 12 })]);
  return { svg, png };
}

/** An A4 poster: headline, words, the codes side by side with what each opens, the text line and the footer. */
export async function renderPosterPdf(plan: PosterPlan, codes: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: plan.headline, Subject: `Campaign ${plan.campaign} (${plan.locale})` } });
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  doc.rect(0, 0, doc.page.width, 16 * MM).fill(ACCENT);
  doc.font('bold').fontSize(13).fillColor('#ffffff').text(plan.band, MARGIN, 6 * MM, { width, align: 'center', lineBreak: false });
  doc.fillColor(INK).font('bold').fontSize(34).text(plan.headline, MARGIN, 30 * MM, { width, align: 'center' });
  doc.moveDown(0.6).font('regular').fontSize(16).fillColor(INK).text(plan.body, { width, align: 'center', lineGap: 3 });

  const size = QR_PRINT_MM * MM;
  const gap = (width - plan.codes.length * size) / (plan.codes.length + 1);
  const top = Math.max(doc.y + 14 * MM, 120 * MM);
  for (const [i, code] of plan.codes.entries()) {
    const x = MARGIN + gap + i * (size + gap);
    doc.image(codes.get(code.channel)!, x, top, { width: size, height: size });
    doc.font('bold').fontSize(14).fillColor(ACCENT).text(code.caption, x - 8 * MM, top + size + 3 * MM, { width: size + 16 * MM, align: 'center' });
  }
  let y = top + size + 22 * MM;
  if (plan.textLine) {
    doc.font('bold').fontSize(20).fillColor(INK).text(plan.textLine, MARGIN, y, { width, align: 'center' });
    y = doc.y + 8 * MM;
  }
  const footerTop = doc.page.height - MARGIN - 14 * MM;
  doc.font('regular').fontSize(11).fillColor(QUIET).text(plan.footer, MARGIN, Math.max(y, footerTop), { width, align: 'center' });
  doc.end();
  return done;
}
