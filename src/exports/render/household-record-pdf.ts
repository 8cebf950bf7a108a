import { DAMAGE_GRADE_LABELS } from '../../households/damage-grade.js';
import { REPAIR_STATUS_LABELS } from '../../repairs/repair-status.js';
import type { HouseholdRecord } from '../household-record.types.js';
import { formatBeijingTime } from '../../common/dates.js';
import { BOLD, createPdf, finishPdf, numberPages, type Pdf, REGULAR, textAt } from './pdf-document.js';

/**
 * One household's printable record (修缮档案): an A4 portrait page with the household, its
 * appraisal, status and free services as a ruled form, then its status history and field edits.
 *
 * It is laid out first without drawing at the largest font size, then smaller ones, and drawn
 * at the first size whose layout fits one page (30 history entries with some two-line notes
 * still do, at 7 pt). A record that fits no size is drawn at a readable 9 pt instead and
 * continues on further pages, the table header repeated; nothing is clipped.
 */

const MARGIN = { top: 40, bottom: 44, left: 40, right: 40 };
/** Body font sizes tried, largest first. */
const BODY_SIZES = [10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5];
/** When even the smallest size needs a second page, pages are cheaper than squinting. */
const MULTI_PAGE_SIZE = 9;
/** Cell padding and line pitch, in ems of the body size. */
const PAD = 0.3;
const LINE = 1.3;
/** Noto's line box (1.45 em) puts CJK glyphs low in a 1.3 em line: lift them by this much. */
const LIFT = 0.1;
const LINE_COLOR = '#9a9a9a';
const LABEL_FILL = '#f0f2f5';
const HEADER_FILL = '#e6e9ee';
const TEXT_COLOR = '#111111';
const WARNING_COLOR = '#b00020';

const PLACEHOLDER_WARNING = '占位记录：来源未列出户主';
const FIRST_ENTRY = '（首次记录）';
const NOT_RECORDED = '未记录';

function service(value: boolean | null): string {
  return value === null ? NOT_RECORDED : value ? '已提供' : '未提供';
}

/** An ISO instant as Beijing time; anything that is not one, as given. */
function instant(value: string): string {
  return Number.isNaN(Date.parse(value)) ? value : formatBeijingTime(value);
}

function orNotRecorded(value: string | null): string {
  return value === null || value === '' ? NOT_RECORDED : value;
}

/** Label–value pairs of the form; a row of one pair spans the full width. */
type FormRow = [string, string] | [string, string, string, string];

function formRows(r: HouseholdRecord): FormRow[] {
  const { agency, date, reportNo, findings } = r.appraisal;
  const services = [
    `设计图集：${service(r.freeServices.designDrawings)}`,
    `监理服务：${service(r.freeServices.constructionSupervision)}`,
    `技术服务：${service(r.freeServices.technicalService)}`,
  ].join('　　');
  return [
    ['户主', r.householder, '身份证号', orNotRecorded(r.idCardNumber)],
    ['联系电话', orNotRecorded(r.phone), '房屋间数', r.rooms === null ? NOT_RECORDED : `${r.rooms} 间`],
    ['住址', orNotRecorded(r.address)],
    ['鉴定等级', DAMAGE_GRADE_LABELS[r.grade], '当前状态', REPAIR_STATUS_LABELS[r.status]],
    ['鉴定机构', orNotRecorded(agency), '鉴定日期', orNotRecorded(date)],
    ['鉴定报告编号', orNotRecorded(reportNo)],
    ['鉴定结论', orNotRecorded(findings)],
    ['三免费服务', services],
    ['备注', orNotRecorded(r.remarks)],
    ['报表备注', r.reportRemarks.length > 0 ? r.reportRemarks.join('；') : '无'],
  ];
}

interface TableSpec {
  title: string;
  /**
   * `fit` columns are as wide as their widest text (at most a quarter of the page); the others
   * share what is left in proportion to `share`, and wrap.
   */
  columns: ({ header: string; fit: true } | { header: string; share: number })[];
  rows: string[][];
}

function historyTable(r: HouseholdRecord): TableSpec {
  return {
    title: '修缮状态记录',
    columns: [
      { header: '日期', fit: true },
      { header: '由', fit: true },
      { header: '至', fit: true },
      { header: '记录人', share: 2 },
      { header: '记录时间', fit: true },
      { header: '备注', share: 3 },
    ],
    rows: r.history.map((h) => [
      h.occurredOn,
      h.from === null ? FIRST_ENTRY : REPAIR_STATUS_LABELS[h.from],
      REPAIR_STATUS_LABELS[h.to],
      h.actor,
      instant(h.recordedAt),
      h.note ?? '',
    ]),
  };
}

function editsTable(r: HouseholdRecord): TableSpec {
  return {
    title: '信息修改记录',
    columns: [
      { header: '字段', fit: true },
      { header: '原值', share: 3 },
      { header: '新值', share: 3 },
      { header: '修改人', share: 2 },
      { header: '时间', fit: true },
    ],
    rows: r.edits.map((e) => [e.field, e.oldValue, e.newValue, e.actor, instant(e.editedAt)]),
  };
}

/**
 * Lays the record out at one body font size. With `draw` false it only measures: `y` ends at
 * the height the record would need on a page of unlimited length.
 */
class RecordLayout {
  y = MARGIN.top;
  private readonly left = MARGIN.left;
  private readonly width: number;
  private readonly bottom: number;
  private readonly pad: number;

  constructor(
    private readonly doc: Pdf,
    private readonly size: number,
    private readonly draw: boolean,
  ) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
    this.bottom = doc.page.height - MARGIN.bottom;
    this.pad = PAD * size;
  }

  record(r: HouseholdRecord): void {
    const doc = this.doc;
    const titleSize = this.size * 1.8;
    doc.font(BOLD).fontSize(titleSize).fillColor(TEXT_COLOR);
    if (this.draw) textAt(doc, '因灾受损房屋修缮档案', this.left, this.y, this.width, 'center');
    this.y += doc.currentLineHeight() + this.size * 0.3;

    doc.font(REGULAR).fontSize(this.size * 1.15);
    if (this.draw) textAt(doc, `${r.county}　${r.township}　${r.village}`, this.left, this.y, this.width, 'center');
    this.y += doc.currentLineHeight() + this.size * 0.6;

    if (r.placeholder) {
      doc
        .font(BOLD)
        .fontSize(this.size * 1.1)
        .fillColor(WARNING_COLOR);
      if (this.draw) textAt(doc, PLACEHOLDER_WARNING, this.left, this.y);
      doc.fillColor(TEXT_COLOR);
      this.y += doc.currentLineHeight() + this.size * 0.4;
    }

    this.form(formRows(r));
    this.table(historyTable(r), '尚无状态记录');
    if (r.edits.length > 0) this.table(editsTable(r), '');
  }

  /** The ruled label–value form. */
  private form(rows: FormRow[]): void {
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

  private table(spec: TableSpec, whenEmpty: string): void {
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
  private ensure(height: number): boolean {
    if (!this.draw || this.y + height <= this.bottom || this.y === MARGIN.top) return false;
    this.doc.addPage();
    this.y = MARGIN.top;
    return true;
  }

  /** Whether everything laid out so far fits on one page. */
  fitsOnePage(): boolean {
    return this.y <= this.bottom;
  }
}

/** The household's record as an A4 PDF (one page unless its history is very long). */
export async function householdRecordPdf(record: HouseholdRecord): Promise<Buffer> {
  const doc = createPdf({
    layout: 'portrait',
    margins: MARGIN,
    title: `因灾受损房屋修缮档案：${record.village} ${record.householder}`,
    subject: `${record.county}${record.township}${record.village}`,
    createdAt: record.generatedAt,
  });

  const size =
    BODY_SIZES.find((s) => {
      const trial = new RecordLayout(doc, s, false);
      trial.record(record);
      return trial.fitsOnePage();
    }) ?? MULTI_PAGE_SIZE;
  new RecordLayout(doc, size, true).record(record);

  const footer = `${record.village} ${record.householder}　　档案版本：${record.version}　　生成时间：${formatBeijingTime(record.generatedAt)}（北京时间）`;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font(REGULAR).fontSize(8).fillColor('#555555');
    textAt(doc, footer, MARGIN.left, doc.page.height - MARGIN.bottom + 4);
  }
  numberPages(doc, 8);
  return finishPdf(doc);
}
