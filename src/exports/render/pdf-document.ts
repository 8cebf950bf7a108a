import PDFDocument from 'pdfkit';
import { cjkFont } from './fonts.js';

/**
 * What the PDF exports share: an A4 document that writes Chinese with the embedded Noto Sans SC
 * (pdfkit subsets it, so a file carries only the glyphs it uses), page numbers, and the finished
 * file as one Buffer.
 */

export type Pdf = PDFKit.PDFDocument;

/** Font names registered on every document. */
export const REGULAR = 'cjk-regular';
export const BOLD = 'cjk-bold';

export interface PdfSetup {
  layout: 'portrait' | 'landscape';
  margins: { top: number; bottom: number; left: number; right: number };
  title: string;
  subject: string;
  /** Fixed instead of the clock, so the same data gives the same document. */
  createdAt: Date;
}

export const AUTHOR = '因灾受损房屋修缮进度台账';

/** A document with its pages buffered (so page numbers can be written last) and the CJK fonts. */
export function createPdf(setup: PdfSetup): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    layout: setup.layout,
    margins: setup.margins,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: setup.title,
      Author: AUTHOR,
      Subject: setup.subject,
      Creator: AUTHOR,
      CreationDate: setup.createdAt,
      ModDate: setup.createdAt,
    },
  });
  doc.registerFont(REGULAR, cjkFont('regular'));
  doc.registerFont(BOLD, cjkFont('bold'));
  doc.font(REGULAR);
  return doc;
}

/**
 * Writes `text` on one line at (x, y) without pdfkit's line wrapper (much faster per cell, and
 * it never starts a new page). `width` and `align` place it inside a box of that width.
 */
export function textAt(doc: Pdf, text: string, x: number, y: number, width = 0, align: 'left' | 'center' | 'right' = 'left'): void {
  let left = x;
  if (align !== 'left') {
    const free = width - doc.widthOfString(text);
    left = align === 'right' ? x + free : x + free / 2;
  }
  doc.text(text, left, y, { lineBreak: false });
}

/** '第 n 页 / 共 m 页' centred at the foot of every buffered page. */
export function numberPages(doc: Pdf, fontSize: number): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    doc.font(REGULAR).fontSize(fontSize).fillColor('#555555');
    textAt(
      doc,
      `第 ${i - range.start + 1} 页 / 共 ${range.count} 页`,
      0,
      height - doc.page.margins.bottom / 2 - fontSize / 2,
      width,
      'center',
    );
  }
}

/** `footer` at the bottom left of every buffered page, above '第 n 页 / 共 m 页'. */
export function footPages(doc: Pdf, footer: string, margin: { left: number; bottom: number }, fontSize: number): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font(REGULAR).fontSize(fontSize).fillColor('#555555');
    textAt(doc, footer, margin.left, doc.page.height - margin.bottom + 4);
  }
  numberPages(doc, fontSize);
}

/** Ends the document and resolves with the whole file. */
export function finishPdf(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
