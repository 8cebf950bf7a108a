import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { extractText, getDocumentProxy } from 'unpdf';
import type { AcceptanceForm } from '../acceptance-form.types.js';
import type { PrintedPhoto } from '../printed-photo.types.js';
import { acceptanceFormPdf } from './acceptance-form-pdf.js';

async function photo(stage: PrintedPhoto['stage'], colour: string, caption: string | null): Promise<PrintedPhoto> {
  const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  return { stage, takenOn: '2021-12-20', caption, uploadedBy: '李验收', width: 800, height: 600, jpeg: new Uint8Array(jpeg) };
}

function form(overrides: Partial<AcceptanceForm> = {}): AcceptanceForm {
  return {
    county: '清徐县',
    township: '孟封镇',
    village: '孟封村',
    householder: '张三',
    idCardNumber: '140121********123X',
    phone: '139****2468',
    address: '孟封村一巷 3 号',
    rooms: 3,
    grade: 'C',
    status: 'accepted',
    appraisal: { agency: '山西省建筑科学研究院', date: '2021-11-05', reportNo: 'QX-2021-0456', findings: '墙体开裂，屋面渗漏' },
    summary: {
      startedOn: '2021-11-20',
      completedOn: '2021-12-18',
      verdict: {
        passed: true,
        on: '2021-12-21',
        inspector: '李验收',
        note: null,
        record: { passed: true, newGrade: 'A', ownerAgrees: true, method: '现场查看', remarks: '屋面防水已做', photoIds: [1, 2] },
      },
      earlierFailures: [{ passed: false, on: '2021-12-10', inspector: '李验收', note: '屋面仍渗漏，返工', record: null }],
    },
    photos: [],
    printedBy: '王建国',
    generatedAt: new Date('2021-12-23T08:00:00Z'),
    ...overrides,
  };
}

async function text(buf: Buffer): Promise<{ pages: number; text: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text: text.replace(/\s+/g, '') };
}

describe('acceptanceFormPdf', () => {
  let photos: PrintedPhoto[];
  beforeAll(async () => {
    photos = [await photo('after', '#3a7', '屋面修缮后'), await photo('acceptance', '#37a', null)];
  });

  it('prints the household, the appraisal, the repair dates, the verdict, the owner’s opinion and lines to sign', async () => {
    const pdf = await acceptanceFormPdf(form({ photos }));
    if (process.env.PDF_OUT) writeFileSync(process.env.PDF_OUT, pdf);
    const { pages, text: t } = await text(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      '因灾受损农房修缮验收表',
      '清徐县孟封镇孟封村',
      '张三',
      '140121********123X',
      'C级',
      'QX-2021-0456',
      '开工日期2021-11-20',
      '完工日期2021-12-18',
      '验收日期2021-12-21',
      '验收结论验收合格',
      '验收后等级A级',
      '验收方式现场查看',
      '验收人员李验收',
      '户主意见同意',
      '屋面防水已做',
      '此前验收不合格记录',
      '屋面仍渗漏，返工',
      '修缮后及验收照片（2张）',
      '修缮后·2021-12-20·李验收',
      '屋面修缮后',
      '户主（签字）',
      '验收人员（签字）',
      '村委会（盖章）',
      '乡镇人民政府（盖章）',
    ])
      expect(t).toContain(expected);
  });

  it('says why a failed inspection failed, and the owner’s disagreement', async () => {
    const failed = form({
      status: 'in_progress',
      summary: {
        startedOn: '2021-11-20',
        completedOn: '2021-12-18',
        verdict: {
          passed: false,
          on: '2021-12-21',
          inspector: '李验收',
          note: '墙体裂缝未处理',
          record: { passed: false, newGrade: null, ownerAgrees: false, method: null, remarks: null, photoIds: [] },
        },
        earlierFailures: [],
      },
    });
    const { text: t } = await text(await acceptanceFormPdf(failed));
    expect(t).toContain('验收结论验收不合格，需返工');
    expect(t).toContain('不合格原因墙体裂缝未处理');
    expect(t).toContain('户主意见不同意');
    expect(t).toContain('修缮后及验收照片：未上传');
    expect(t).not.toContain('此前验收不合格记录');
  });

  it('leaves the verdict blank to fill in by hand before the inspection', async () => {
    const waiting = form({
      status: 'completed',
      summary: { startedOn: '2021-11-20', completedOn: '2021-12-18', verdict: null, earlierFailures: [] },
    });
    const { text: t } = await text(await acceptanceFormPdf(waiting));
    expect(t).toContain('验收日期验收结论验收后等级验收方式验收人员户主意见');
    expect(t).toContain('当前状态已完工');
  });

  it('continues on a second page when many photos do not fit, signatures kept together', async () => {
    const many = await Promise.all(Array.from({ length: 8 }, (_, i) => photo('after', i % 2 ? '#a73' : '#7a3', `第 ${i + 1} 张`)));
    const { pages, text: t } = await text(await acceptanceFormPdf(form({ photos: many })));
    expect(pages).toBeGreaterThan(1);
    expect(t).toContain('第8张');
    expect(t).toContain('乡镇人民政府（盖章）');
  });
});
