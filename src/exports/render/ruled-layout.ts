import { BOLD, type Pdf, REGULAR, textAt } from './pdf-document.js';

/** What the printed pages share: ruled label–value forms and tables that wrap and continue on new pages. */

export interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Cell padding and line pitch, in ems of the body size. */
const PAD = 0.3;
const LINE = 1.3;
/** Noto's line box (1.45 em) puts CJK glyphs low in a 1.3 em line: lift them by this much. */
const LIFT = 0.1;
const LINE_COLOR = '#9a9a9a';
const LABEL_FILL = '#f0f2f5';
const HEADER_FILL = '#e6e9ee';
export const TEXT_COLOR = '#111111';
const WARNING_COLOR = '#b00020';

/** Label–value pairs of the form; a row of one pair spans the full width. */
export type FormRow = [string, string] | [string, string, string, string];

export interface TableSpec {
  title: string;
  /**
   * `fit` columns are as wide as their widest text (at most a quarter of the page); the others
   * share what is left in proportion to `share`, and wrap.
   */
  columns: ({ header: string; fit: true } | { header: string; share: number })[];
  rows: string[][];
}

/**
 * A ruled form and tables laid out at one body font size (the printed record, the acceptance
 * form). With `draw` false it only measures: `y` ends at the height the content would need on a
 * page of unlimited length.
 */
export class RuledLayout {
  y: number;
  readonly left: number;
  readonly width: number;
  readonly bottom: number;
  private readonly top: number;
  private readonly pad: number;

  constructor(
    private readonly doc: Pdf,
    readonly size: number,
    private readonly draw: boolean,
    margin: Margins,
  ) {
    this.left = margin.left;
    this.top = margin.top;
    this.y = margin.top;
    this.width = doc.page.width - margin.left - margin.right;
    this.bottom = doc.page.height - margin.bottom;
    this.pad = PAD * size;
  }

  /** A centred heading line at `scale` times the body size. */
  heading(text: string, scale: number, bold: boolean, gapAfter: number): void {
    const doc = this.doc;
    doc
      .font(bold ? BOLD : REGULAR)
      .fontSize(this.size * scale)
      .fillColor(TEXT_COLOR);
    if (this.draw) textAt(doc, text, this.left, this.y, this.width, 'center');
    this.y += doc.currentLineHeight() + this.size * gapAfter;
  }

  /** A line in the warning colour, left-aligned. */
  warning(text: string): void {
    const doc = this.doc;
    doc
      .font(BOLD)
      .fontSize(this.size * 1.1)
      .fillColor(WARNING_COLOR);
    if (this.draw) textAt(doc, text, this.left, this.y);
    doc.fillColor(TEXT_COLOR);
    this.y += doc.currentLineHeight() + this.size * 0.4;
  }

  /** The ruled label–value form. */
  form(rows: FormRow[]): void {
    const labelWidth = this.size * 7;
    const half = this.width / 2;
    for (const row of rows) {
      const cells =
        row.length === 2
          ? [
              { x: this.left, w: labelWidth, text: row[0], label: true },
              { x: this.left + labelWidth, w: this.width - labelWidth, text: row[1], label: false },
            ]
          : [
              { x: this.left, w: labelWidth, text: row[0], label: true },
              { x: this.left + labelWidth, w: half - labelWidth, text: row[1], label: false },
              { x: this.left + half, w: labelWidth, text: row[2], label: true },
              { x: this.left + half + labelWidth, w: half - labelWidth, text: row[3], label: false },
            ];
      this.ruledRow(cells);
    }
    this.y += this.size * 1.2;
  }

  table(spec: TableSpec, whenEmpty: string): void {
    const doc = this.doc;
    const xs = this.columnPositions(spec);
    const header = () => this.ruledRow(spec.columns.map((c, i) => ({ ...xs[i], text: c.header, label: true, bold: true })));

    const titleSize = this.size * 1.15;
    const titleHeight = titleSize * LINE + this.size * 0.3;
    const firstRowHeight = spec.rows.length > 0 ? this.rowHeight(spec.rows[0].map((text, i) => ({ ...xs[i], text }))) : 0;
    // Keep the title with the header and the first row.
    this.ensure(titleHeight + this.rowHeight([{ ...xs[0], text: '' }]) + firstRowHeight);
    doc.font(BOLD).fontSize(titleSize).fillColor(TEXT_COLOR);
    if (this.draw) textAt(doc, spec.title, this.left, this.y);
    this.y += titleHeight;
    header();
    if (spec.rows.length === 0 && whenEmpty) {
      this.ruledRow([{ x: this.left, w: this.width, text: whenEmpty, label: false }]);
    }
    for (const row of spec.rows) {
      const cells = row.map((text, i) => ({ ...xs[i], text, label: false }));
      if (this.ensure(this.rowHeight(cells))) header();
      this.ruledRow(cells);
    }
    this.y += this.size * 1.2;
  }

  private columnPositions(spec: TableSpec): { x: number; w: number }[] {
    const doc = this.doc;
    const widths = spec.columns.map((c, i) => {
      if (!('fit' in c)) return 0;
      doc.font(BOLD).fontSize(this.size);
      let widest = doc.widthOfString(c.header);
      doc.font(REGULAR);
      for (const row of spec.rows) widest = Math.max(widest, doc.widthOfString(row[i]));
      return Math.min(this.width / 4, Math.ceil(widest + 2 * this.pad + 1));
    });
    const free = this.width - widths.reduce((sum, w) => sum + w, 0);
    const shares = spec.columns.reduce((sum, c) => sum + ('share' in c ? c.share : 0), 0);
    let x = this.left;
    return spec.columns.map((c, i) => {
      const cell = { x, w: 'share' in c ? (free * c.share) / shares : widths[i] };
      x += cell.w;
      return cell;
    });
  }

  /** Extra space between wrapped lines (negative: Noto's own line box is 1.45 em). */
  private lineGap(): number {
    return this.size * LINE - this.doc.currentLineHeight(true);
  }

  /** The height of a row whose cells wrap within their widths. */
  private rowHeight(cells: { w: number; text: string; bold?: boolean }[]): number {
    const doc = this.doc;
    let height = 0;
    for (const c of cells) {
      doc.font(c.bold ? BOLD : REGULAR).fontSize(this.size);
      const text = c.text === '' ? ' ' : c.text;
      height = Math.max(height, doc.heightOfString(text, { width: c.w - 2 * this.pad, lineGap: this.lineGap() }));
    }
    return height + 2 * this.pad;
  }

  /** One row of ruled cells (labels shaded), drawn at `y`; `y` moves below it. */
  private ruledRow(cells: { x: number; w: number; text: string; label: boolean; bold?: boolean }[]): void {
    const height = this.rowHeight(cells);
    this.ensure(height);
    if (this.draw) {
      const doc = this.doc;
      for (const c of cells) {
        if (c.label) doc.rect(c.x, this.y, c.w, height).fill(c.bold ? HEADER_FILL : LABEL_FILL);
        doc.rect(c.x, this.y, c.w, height).lineWidth(0.5).strokeColor(LINE_COLOR).stroke();
        doc
          .font(c.bold ? BOLD : REGULAR)
          .fontSize(this.size)
          .fillColor(TEXT_COLOR);
        doc.text(c.text, c.x + this.pad, this.y + this.pad - LIFT * this.size, { width: c.w - 2 * this.pad, lineGap: this.lineGap() });
      }
    }
    this.y += height;
  }

  /** Starts a new page when `height` does not fit on this one; says whether it did. */
  ensure(height: number): boolean {
    if (!this.draw || this.y + height <= this.bottom || this.y === this.top) return false;
    this.doc.addPage();
    this.y = this.top;
    return true;
  }

  /** Whether everything laid out so far fits on one page. */
  fitsOnePage(): boolean {
    return this.y <= this.bottom;
  }
}
