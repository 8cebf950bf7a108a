import { formatBeijingTime } from '../../common/dates.js';
import { DAMAGE_GRADE_LABELS } from '../../households/damage-grade.js';
import type { Verdict } from '../../repairs/acceptance-summary.js';
import { REPAIR_STATUS_LABELS } from '../../repairs/repair-status.js';
import type { AcceptanceForm } from '../acceptance-form.types.js';
import { BOLD, createPdf, finishPdf, footPages, REGULAR, textAt } from './pdf-document.js';
import { drawPhotoGrid } from './photo-grid.js';
import { type FormRow, RuledLayout, TEXT_COLOR } from './ruled-layout.js';

/**
 * The acceptance form (因灾受损农房修缮验收表) as an A4 PDF: the household and its appraisal, the
 * repair's dates, the verdict as the inspector recorded it (result, the new grade, method, the
 * owner's opinion, remarks, why it failed), earlier failed inspections, the photos of the finished
 * house, and lines for the owner, the inspector, the village and the township to sign. A field
 * the tracker does not hold yet is left blank to fill in by hand, so the same form serves before
 * the inspection, on paper.
 */

const MARGIN = { top: 40, bottom: 44, left: 44, right: 44 };
const SIZE = 10;
const BLANK = '';

const yesNo = (value: boolean | null | undefined, yes: string, no: string) => (value == null ? BLANK : value ? yes : no);

function verdictText(verdict: Verdict | null): string {
  if (!verdict) return BLANK;
  return verdict.passed ? '验收合格' : '验收不合格，需返工';
}

function formRows(f: AcceptanceForm): FormRow[] {
  const v = f.summary.verdict;
  const record = v?.record ?? null;
  return [
    ['户主', f.householder, '身份证号', f.idCardNumber ?? BLANK],
    ['联系电话', f.phone ?? BLANK, '房屋间数', f.rooms === null ? BLANK : `${f.rooms} 间`],
    ['住址', f.address ?? BLANK],
    ['鉴定等级', DAMAGE_GRADE_LABELS[f.grade], '鉴定机构', f.appraisal.agency ?? BLANK],
    ['鉴定日期', f.appraisal.date ?? BLANK, '鉴定报告编号', f.appraisal.reportNo ?? BLANK],
    ['鉴定结论', f.appraisal.findings ?? BLANK],
    ['开工日期', f.summary.startedOn ?? BLANK, '完工日期', f.summary.completedOn ?? BLANK],
    ['验收日期', v?.on ?? BLANK, '验收结论', verdictText(v)],
    ['验收后等级', record?.newGrade ? `${record.newGrade} 级` : BLANK, '验收方式', record?.method ?? BLANK],
    ['验收人员', v ? (v.inspector ?? '录入时已验收，验收人员未记录') : BLANK, '户主意见', yesNo(record?.ownerAgrees, '同意', '不同意')],
    ...(v && !v.passed ? [['不合格原因', v.note ?? BLANK] as FormRow] : []),
    ['验收备注', record?.remarks ?? (v?.passed ? (v.note ?? BLANK) : BLANK)],
    ['当前状态', REPAIR_STATUS_LABELS[f.status]],
  ];
}

/** The lines to sign: 签字 and 日期 for each party. */
const SIGNERS = ['户主（签字）', '验收人员（签字）', '村委会（盖章）', '乡镇人民政府（盖章）'];

export async function acceptanceFormPdf(form: AcceptanceForm): Promise<Buffer> {
  const doc = createPdf({
    layout: 'portrait',
    margins: MARGIN,
    title: `因灾受损农房修缮验收表：${form.village} ${form.householder}`,
    subject: `${form.county}${form.township}${form.village}`,
    createdAt: form.generatedAt,
  });
  const layout = new RuledLayout(doc, SIZE, true, MARGIN);
  layout.heading('因灾受损农房修缮验收表', 1.8, true, 0.3);
  layout.heading(`${form.county}　${form.township}　${form.village}`, 1.15, false, 0.6);
  layout.form(formRows(form));
  if (form.summary.earlierFailures.length > 0) {
    layout.table(
      {
        title: '此前验收不合格记录',
        columns: [
          { header: '日期', fit: true },
          { header: '验收人员', share: 1 },
          { header: '原因', share: 3 },
        ],
        rows: form.summary.earlierFailures.map((f) => [f.on, f.inspector ?? BLANK, f.note ?? BLANK]),
      },
      '',
    );
  }

  // The photos, three to a row (a one-page form holds three rows' worth), then the signatures, kept together.
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const bottom = doc.page.height - MARGIN.bottom - 12;
  let y = layout.y;
  doc
    .font(BOLD)
    .fontSize(SIZE * 1.15)
    .fillColor(TEXT_COLOR);
  textAt(doc, form.photos.length > 0 ? `修缮后及验收照片（${form.photos.length} 张）` : '修缮后及验收照片：未上传', MARGIN.left, y);
  y += SIZE * 2;
  if (form.photos.length > 0) {
    y = drawPhotoGrid(doc, form.photos, { x: MARGIN.left, y, width, top: MARGIN.top, bottom, columns: 3, aspect: 0.75, fontSize: 8 });
  }
  const signHeight = SIGNERS.length * SIZE * 3.2 + SIZE * 2;
  if (y + signHeight > bottom) {
    doc.addPage();
    y = MARGIN.top;
  }
  y += SIZE;
  doc
    .font(REGULAR)
    .fontSize(SIZE * 1.05)
    .fillColor(TEXT_COLOR);
  const lineStart = MARGIN.left + Math.max(...SIGNERS.map((signer) => doc.widthOfString(signer))) + SIZE;
  for (const signer of SIGNERS) {
    y += SIZE * 2;
    textAt(doc, signer, MARGIN.left, y);
    doc
      .moveTo(lineStart, y + SIZE * 1.3)
      .lineTo(MARGIN.left + width * 0.62, y + SIZE * 1.3)
      .lineWidth(0.6)
      .strokeColor('#444444')
      .stroke();
    textAt(doc, '日期', MARGIN.left + width * 0.66, y);
    doc
      .moveTo(MARGIN.left + width * 0.66 + SIZE * 3, y + SIZE * 1.3)
      .lineTo(MARGIN.left + width, y + SIZE * 1.3)
      .stroke();
    y += SIZE * 1.2;
  }

  const footer = `${form.village} ${form.householder}　　打印人：${form.printedBy}　　生成时间：${formatBeijingTime(form.generatedAt)}（北京时间）`;
  footPages(doc, footer, MARGIN, 8);
  return finishPdf(doc);
}
