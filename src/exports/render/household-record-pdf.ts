import { DAMAGE_GRADE_LABELS } from '../../households/damage-grade.js';
import { REPAIR_STATUS_LABELS } from '../../repairs/repair-status.js';
import type { HouseholdRecord } from '../household-record.types.js';
import { formatBeijingTime } from '../../common/dates.js';
import { BOLD, createPdf, finishPdf, footPages, type Pdf, textAt } from './pdf-document.js';
import { drawPhotoGrid } from './photo-grid.js';
import { type FormRow, RuledLayout, type TableSpec, TEXT_COLOR } from './ruled-layout.js';
import type { PrintedPhoto } from '../printed-photo.types.js';

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

/** The record laid out on `layout`: title, the form, the history, the edits. */
function layRecord(layout: RuledLayout, r: HouseholdRecord): void {
  layout.heading('因灾受损房屋修缮档案', 1.8, true, 0.3);
  layout.heading(`${r.county}　${r.township}　${r.village}`, 1.15, false, 0.6);
  if (r.placeholder) layout.warning(PLACEHOLDER_WARNING);
  layout.form(formRows(r));
  layout.table(historyTable(r), '尚无状态记录');
  if (r.edits.length > 0) layout.table(editsTable(r), '');
}

/** The photos on pages of their own after the record, two to a row. */
function drawPhotoPages(doc: Pdf, photos: readonly PrintedPhoto[]): void {
  doc.addPage();
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  doc.font(BOLD).fontSize(14).fillColor(TEXT_COLOR);
  textAt(doc, `照片（${photos.length} 张）`, MARGIN.left, MARGIN.top);
  drawPhotoGrid(doc, photos, {
    x: MARGIN.left,
    y: MARGIN.top + 28,
    width,
    top: MARGIN.top,
    bottom: doc.page.height - MARGIN.bottom - 12,
    columns: 2,
    aspect: 0.75,
    fontSize: 8,
  });
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
      const trial = new RuledLayout(doc, s, false, MARGIN);
      layRecord(trial, record);
      return trial.fitsOnePage();
    }) ?? MULTI_PAGE_SIZE;
  layRecord(new RuledLayout(doc, size, true, MARGIN), record);
  if (record.photos?.length) drawPhotoPages(doc, record.photos);

  const footer = `${record.village} ${record.householder}　　档案版本：${record.version}　　生成时间：${formatBeijingTime(record.generatedAt)}（北京时间）`;
  footPages(doc, footer, MARGIN, 8);
  return finishPdf(doc);
}
