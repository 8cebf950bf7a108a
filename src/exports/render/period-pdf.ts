import { formatPercent } from '../../reports/progress-arithmetic.js';
import type { PeriodGrade, PeriodReport, PeriodRow } from '../../reports/period/period-report.types.js';
import { formatBeijingTime } from '../../common/dates.js';
import { type SignOffItem, signOffLines } from '../sign-off.js';
import { BOLD, createPdf, finishPdf, numberPages, type Pdf, REGULAR, textAt } from './pdf-document.js';
import { periodChartPngAsync } from './period-chart.js';
import { UNIT_WORDS } from './unit-words.js';

/**
 * The period report as a printable PDF: A4 landscape, the title and period, one table row per
 * unit and grade then the totals (bold) and the sign-off (sign-off.ts: 填报单位, 填报人, lines for
 * 审核人, 联系电话, 日期), the header repeated on every page, page numbers, and
 * the chart (the same picture as the PNG) on a portrait page at the end.
 *
 * Rows have a fixed height; only the unit name and remarks cells are measured, and only when
 * their text is wider than the column (measurements are memoised, since remarks repeat). A
 * 3000-village report (6000 rows, half with a two-line remark: 288 pages) takes 1.4–1.7 s and
 * is about 950 KB; the fixture about 0.55 s and 110 KB, most of both the chart (two-core
 * development machine, throwaway script). The table costs about 0.25 ms a row, nearly all in
 * pdfkit's per-text-call work; the chart is rasterised on the thread pool meanwhile.
 */

type Align = 'left' | 'center' | 'right';

interface Column {
  header: string;
  width: number;
  align: Align;
  /** Text that may be wider than the column wraps onto more lines (the row grows). */
  wraps?: boolean;
  value: (row: PeriodRow) => string;
}

const GRADE_LABELS: Record<PeriodGrade, string> = { B: 'B', C: 'C', 'B+C': 'B+C合计' };

function columns(report: PeriodReport): Column[] {
  const count =
    (pick: (r: PeriodRow) => number): Column['value'] =>
    (r) =>
      String(pick(r));
  return [
    { header: UNIT_WORDS[report.groupBy], width: 84, align: 'left', wraps: true, value: (r) => r.unit.name },
    { header: '等级', width: 44, align: 'center', value: (r) => GRADE_LABELS[r.grade] },
    { header: '鉴定户数', width: 46, align: 'right', value: count((r) => r.appraised) },
    { header: '完工户数', width: 46, align: 'right', value: count((r) => r.completed) },
    { header: '本期完工', width: 46, align: 'right', value: count((r) => r.completedInPeriod) },
    { header: '验收户数', width: 46, align: 'right', value: count((r) => r.accepted) },
    { header: '本期验收', width: 46, align: 'right', value: count((r) => r.acceptedInPeriod) },
    { header: '完工率', width: 46, align: 'right', value: (r) => formatPercent(r.completionRate) },
    { header: '验收率', width: 46, align: 'right', value: (r) => formatPercent(r.acceptanceRate) },
    { header: '剩余', width: 38, align: 'right', value: count((r) => r.remaining) },
    { header: '停滞户数', width: 46, align: 'right', value: count((r) => r.stalled) },
    { header: '预计完成', width: 62, align: 'center', value: (r) => r.projectedFinish ?? '—' },
    // The remaining width of the page.
    { header: '备注', width: 0, align: 'left', wraps: true, value: (r) => r.remarks.join('；') },
  ];
}

const MARGIN = { top: 30, bottom: 34, left: 30, right: 30 };
const TITLE_SIZE = 17;
const META_SIZE = 9.5;
const BODY_SIZE = 8.5;
const PAGE_NUMBER_SIZE = 8;
const PAD = 3;
/** One line of body text plus padding. */
const ROW_HEIGHT = 16;
const HEADER_HEIGHT = 18;
const LINE_COLOR = '#c8c8c8';
const HEADER_FILL = '#eef1f5';
const TOTAL_FILL = '#f7f7f7';
const TEXT_COLOR = '#111111';
const MUTED_COLOR = '#555555';

const NOTE = '注：完工率、验收率为完工、验收户数占鉴定户数的比例，向下取整（100%表示全部完成）；“本期”指本统计周期内记录的变化。';

/** Draws the table one row at a time, starting a new page (with the header) when a row does not fit. */
class TableWriter {
  private readonly xs: number[] = [];
  /** Column widths; the one given as 0 takes what the others leave. */
  private readonly widths: number[];
  private readonly width: number;
  private readonly bottom: number;
  private readonly heights = new Map<string, number>();
  private y = 0;

  constructor(
    private readonly doc: Pdf,
    private readonly cols: Column[],
    private readonly runningHead: string,
  ) {
    const page = doc.page;
    this.width = page.width - MARGIN.left - MARGIN.right;
    const fixed = cols.reduce((sum, c) => sum + c.width, 0);
    this.widths = cols.map((c) => c.width || this.width - fixed);
    let x = MARGIN.left;
    for (const w of this.widths) {
      this.xs.push(x);
      x += w;
    }
    this.bottom = page.height - MARGIN.bottom;
  }

  /** Starts the table at `y` on the current page. */
  start(y: number): void {
    this.y = y;
    this.header();
  }

  row(row: PeriodRow, total: boolean): void {
    const texts = this.cols.map((c) => c.value(row));
    const maxHeight = this.bottom - MARGIN.top - HEADER_HEIGHT - 14;
    const height = Math.min(maxHeight, Math.max(ROW_HEIGHT, ...texts.map((t, i) => this.wrappedHeight(t, i))));
    if (this.y + height > this.bottom) this.newPage();

    const doc = this.doc;
    if (total) doc.rect(MARGIN.left, this.y, this.width, height).fill(TOTAL_FILL);
    doc
      .font(total ? BOLD : REGULAR)
      .fontSize(BODY_SIZE)
      .fillColor(TEXT_COLOR);
    texts.forEach((text, i) => this.cell(text, i, height));
    this.y += height;
    this.rule(total ? TEXT_COLOR : LINE_COLOR, total ? 0.6 : 0.4);
  }

  /**
   * Room for a block `height` tall under the table, on a new page (with the running head) when
   * this one has too little left; returns where the block starts.
   */
  reserve(height: number): number {
    // The table's header is for its rows: a page holding only the block has none.
    if (this.y + height > this.bottom) this.newPage(false);
    const top = this.y;
    this.y += height;
    return top;
  }

  /** A heavier rule between the unit rows and the totals. */
  separator(): void {
    this.rule(TEXT_COLOR, 0.9);
  }

  private newPage(withHeader = true): void {
    const doc = this.doc;
    doc.addPage();
    doc.font(REGULAR).fontSize(PAGE_NUMBER_SIZE).fillColor(MUTED_COLOR);
    textAt(doc, this.runningHead, MARGIN.left, MARGIN.top - 4);
    this.y = MARGIN.top + 12;
    if (withHeader) this.header();
  }

  private header(): void {
    const doc = this.doc;
    doc.rect(MARGIN.left, this.y, this.width, HEADER_HEIGHT).fill(HEADER_FILL);
    doc.font(BOLD).fontSize(BODY_SIZE).fillColor(TEXT_COLOR);
    const textY = this.y + (HEADER_HEIGHT - doc.currentLineHeight()) / 2;
    this.cols.forEach((c, i) => textAt(doc, c.header, this.xs[i] + PAD, textY, this.widths[i] - 2 * PAD, 'center'));
    this.y += HEADER_HEIGHT;
    this.rule(TEXT_COLOR, 0.8);
  }

  private cell(text: string, i: number, rowHeight: number): void {
    if (text === '') return;
    const doc = this.doc;
    const c = this.cols[i];
    const inner = this.widths[i] - 2 * PAD;
    if (c.wraps && this.wrappedHeight(text, i) > ROW_HEIGHT) {
      doc.text(text, this.xs[i] + PAD, this.y + PAD, { width: inner, height: rowHeight - PAD, ellipsis: true, lineGap: 0 });
      return;
    }
    textAt(doc, text, this.xs[i] + PAD, this.y + (rowHeight - doc.currentLineHeight()) / 2, inner, c.align);
  }

  /** The height a wrapping cell needs (ROW_HEIGHT when its text fits on one line). */
  private wrappedHeight(text: string, i: number): number {
    const c = this.cols[i];
    if (!c.wraps || text === '') return ROW_HEIGHT;
    const key = `${i}\u0000${text}`;
    let height = this.heights.get(key);
    if (height === undefined) {
      const doc = this.doc.font(REGULAR).fontSize(BODY_SIZE);
      const inner = this.widths[i] - 2 * PAD;
      // Bold totals are a little wider: measure with a small allowance.
      height = doc.widthOfString(text) <= inner * 0.95 ? ROW_HEIGHT : doc.heightOfString(text, { width: inner * 0.95 }) + 2 * PAD;
      this.heights.set(key, height);
    }
    return height;
  }

  private rule(color: string, lineWidth: number): void {
    this.doc
      .moveTo(MARGIN.left, this.y)
      .lineTo(MARGIN.left + this.width, this.y)
      .lineWidth(lineWidth)
      .strokeColor(color)
      .stroke();
  }
}

const SIGN_OFF_GAP = 16;
/** Each sign-off line: room to sign above the rule. */
const SIGN_OFF_LINE_HEIGHT = 26;
const SIGN_OFF_SIZE = 9.5;
/** Between the left and the right item of a line. */
const SIGN_OFF_GUTTER = 48;

/**
 * The sign-off (sign-off.ts) under the table: two items to a line, each its label and a rule to
 * write on, with what is known (填报单位, 填报人) printed on the rule.
 */
function drawSignOff(doc: Pdf, report: PeriodReport, top: number, pageWidth: number): void {
  const itemWidth = (pageWidth - SIGN_OFF_GUTTER) / 2;
  const item = (it: SignOffItem, x: number, baseline: number) => {
    doc.font(REGULAR).fontSize(SIGN_OFF_SIZE).fillColor(TEXT_COLOR);
    const textY = baseline - doc.currentLineHeight() - 1;
    textAt(doc, it.label, x, textY);
    const ruleStart = x + doc.widthOfString(it.label) + 2;
    const ruleWidth = itemWidth - (ruleStart - x);
    if (it.value !== '') {
      // A long 填报单位 is set smaller to stay on its rule.
      const room = ruleWidth - 8;
      const size = Math.max(5, Math.min(SIGN_OFF_SIZE, (SIGN_OFF_SIZE * room) / doc.widthOfString(it.value)));
      doc.fontSize(size);
      textAt(doc, it.value, ruleStart + 4, baseline - doc.currentLineHeight() - 1);
      doc.fontSize(SIGN_OFF_SIZE);
    }
    if (it.guide !== undefined) textAt(doc, it.guide, ruleStart, textY, ruleWidth - 8, 'right');
    doc
      .moveTo(ruleStart, baseline)
      .lineTo(x + itemWidth, baseline)
      .lineWidth(0.5)
      .strokeColor(TEXT_COLOR)
      .stroke();
  };
  signOffLines(report).forEach(([left, right], i) => {
    const baseline = top + (i + 1) * SIGN_OFF_LINE_HEIGHT;
    item(left, MARGIN.left, baseline);
    if (right !== null) item(right, MARGIN.left + itemWidth + SIGN_OFF_GUTTER, baseline);
  });
}

/** The period report as an A4 PDF (see the module comment). */
export async function periodReportPdf(report: PeriodReport): Promise<Buffer> {
  // Rasterised off the main thread while the table is drawn.
  const chart = periodChartPngAsync(report, { width: 1080, height: 1920 });
  // Awaited below; should the table fail first, the chart's failure must not go unhandled, which
  // would end the whole render worker and fail the next render it was given.
  chart.catch(() => undefined);

  const doc = createPdf({
    layout: 'landscape',
    margins: MARGIN,
    title: report.title,
    subject: report.period.label,
    createdAt: new Date(report.generatedAt),
  });
  const pageWidth = doc.page.width - MARGIN.left - MARGIN.right;

  doc.font(BOLD).fontSize(TITLE_SIZE).fillColor(TEXT_COLOR);
  textAt(doc, report.title, MARGIN.left, MARGIN.top, pageWidth, 'center');
  doc.font(REGULAR).fontSize(META_SIZE).fillColor(TEXT_COLOR);
  const meta = `统计周期：${report.period.label}　　范围：${report.areaName}　　生成时间：${formatBeijingTime(report.generatedAt)}（北京时间）`;
  textAt(doc, meta, MARGIN.left, MARGIN.top + 28, pageWidth, 'center');
  doc.fontSize(BODY_SIZE - 0.5).fillColor(MUTED_COLOR);
  textAt(doc, NOTE, MARGIN.left, MARGIN.top + 46);

  const table = new TableWriter(doc, columns(report), `${report.title}　${report.period.label}（续）`);
  table.start(MARGIN.top + 62);
  for (const row of report.rows) table.row(row, false);
  table.separator();
  for (const row of report.total) table.row(row, true);
  drawSignOff(doc, report, table.reserve(SIGN_OFF_GAP + signOffLines(report).length * SIGN_OFF_LINE_HEIGHT) + SIGN_OFF_GAP, pageWidth);

  doc.addPage({ size: 'A4', layout: 'portrait', margins: MARGIN });
  doc.font(BOLD).fontSize(12).fillColor(TEXT_COLOR);
  const chartWidth = doc.page.width - MARGIN.left - MARGIN.right;
  textAt(doc, `${report.title}　图表`, MARGIN.left, MARGIN.top, chartWidth, 'center');
  const chartTop = MARGIN.top + 22;
  doc.image(await chart, MARGIN.left, chartTop, {
    fit: [chartWidth, doc.page.height - chartTop - MARGIN.bottom],
    align: 'center',
    valign: 'center',
  });

  numberPages(doc, PAGE_NUMBER_SIZE);
  return finishPdf(doc);
}
