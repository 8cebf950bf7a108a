import { beforeAll, describe, expect, it } from '@jest/globals';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import type { HouseholdRecord } from '../household-record.types.js';
import { householdRecordPdf } from './household-record-pdf.js';

/** Zheng Qingliang's household as the tracker holds it, seen by a reader who gets masked numbers. */
function record(overrides: Partial<HouseholdRecord> = {}): HouseholdRecord {
  return {
    county: '清徐县',
    township: '孟封镇',
    village: '阎家营村',
    householder: '郑清亮',
    address: '阎家营村东街12号',
    rooms: 7,
    grade: 'C',
    appraisal: { agency: '山西省建筑科学研究院', date: '2021-11-05', reportNo: 'QX-2021-0456', findings: '地板下沉' },
    status: 'completed',
    freeServices: { designDrawings: true, constructionSupervision: false, technicalService: null },
    remarks: '户主在外务工，联系其子',
    idCardNumber: '140121********123X',
    phone: '139****2468',
    placeholder: false,
    version: 3,
    history: [
      { from: null, to: 'pending', occurredOn: '2021-11-05', recordedAt: '2021-12-23T04:00:00.000Z', actor: '李录入', note: '首次录入' },
      {
        from: 'pending',
        to: 'in_progress',
        occurredOn: '2021-11-20',
        recordedAt: '2021-12-23T05:00:00.000Z',
        actor: '王办事员',
        note: null,
      },
      {
        from: 'in_progress',
        to: 'completed',
        occurredOn: '2021-12-23',
        recordedAt: '2021-12-24T02:00:00.000Z',
        actor: '王办事员',
        note: '补录',
      },
    ],
    edits: [{ field: '房屋间数', oldValue: '6', newValue: '7', actor: '张科长', editedAt: '2021-12-24T02:10:00.000Z' }],
    reportRemarks: ['来源报道未给出C级验收户数'],
    /** A frozen clock: 01:30 UTC is 09:30 in Beijing. */
    generatedAt: new Date('2021-12-27T01:30:00Z'),
    ...overrides,
  };
}

async function read(buf: Buffer): Promise<{ pages: number; text: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text };
}

/** Text without the spaces and line breaks extraction puts between runs and wrapped lines. */
const squash = (text: string) => text.replace(/\s+/g, '');

/** `n` history entries, each with its own note, every third one long enough to wrap. */
function longHistory(n: number): HouseholdRecord['history'] {
  return Array.from({ length: n }, (_, i) => ({
    from: i === 0 ? null : 'in_progress',
    to: 'completed',
    occurredOn: '2021-12-01',
    recordedAt: '2021-12-02T01:00:00.000Z',
    actor: '王办事员',
    note: i % 3 === 0 ? `第${i + 1}条：验收不合格，墙面裂缝未处理，需返工后重新验收` : `第${i + 1}条`,
  }));
}

describe('householdRecordPdf', () => {
  let buf: Buffer;
  let text: string;
  let pages: number;

  beforeAll(async () => {
    buf = await householdRecordPdf(record());
    ({ text, pages } = await read(buf));
  });

  it('is a one-page PDF with the font embedded', () => {
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buf.toString('latin1')).toContain('/FontFile2');
    expect(pages).toBe(1);
  });

  it('names the household in its information', async () => {
    const { info } = await getMeta(new Uint8Array(buf));
    expect(info).toMatchObject({ Title: '因灾受损房屋修缮档案：阎家营村 郑清亮', Author: '因灾受损房屋修缮进度台账' });
  });

  it.each([
    ['the heading', '因灾受损房屋修缮档案'],
    ['the place', '清徐县 孟封镇 阎家营村'],
    ['the householder', '户主 郑清亮'],
    ['the ID-card number as given', '身份证号 140121********123X'],
    ['the phone as given', '联系电话 139****2468'],
    ['the rooms', '房屋间数 7 间'],
    ['the address', '住址 阎家营村东街12号'],
    ['the grade with its meaning', '鉴定等级 C级（局部危险，修缮加固）'],
    ['the status', '当前状态 已完工'],
    ['the appraisal agency', '鉴定机构 山西省建筑科学研究院'],
    ['the appraisal date', '鉴定日期 2021-11-05'],
    ['the report number', '鉴定报告编号 QX-2021-0456'],
    ['the findings', '鉴定结论 地板下沉'],
    ['the free services', '三免费服务 设计图集：已提供 监理服务：未提供 技术服务：未记录'],
    ['the remarks', '备注 户主在外务工，联系其子'],
    ['the report remarks', '报表备注 来源报道未给出C级验收户数'],
    ['the history header', '日期 由 至 记录人 记录时间 备注'],
    ['the first history entry', '2021-11-05 （首次记录） 待修缮 李录入 2021-12-23 12:00 首次录入'],
    ['the completion', '2021-12-23 施工中 已完工 王办事员 2021-12-24 10:00 补录'],
    ['the edits header', '字段 原值 新值 修改人 时间'],
    ['the edit', '房屋间数 6 7 张科长 2021-12-24 10:10'],
    ['the version and generation time', '档案版本：3'],
    ['the generation time in Beijing time', '生成时间：2021-12-27 09:30（北京时间）'],
  ])('prints %s', (_, expected) => {
    expect(squash(text)).toContain(squash(expected));
  });

  it('does not warn about a placeholder for a real household', () => {
    expect(text).not.toContain('占位记录');
  });
});

describe('householdRecordPdf variants', () => {
  it('warns when the record is a placeholder', async () => {
    const { text } = await read(await householdRecordPdf(record({ placeholder: true, householder: '占位-阎家营村-C-001' })));
    expect(squash(text)).toContain('占位记录：来源未列出户主');
  });

  it('says what nobody has recorded and leaves out an empty edit log', async () => {
    const bare = record({
      address: null,
      rooms: null,
      appraisal: { agency: null, date: null, reportNo: null, findings: null },
      idCardNumber: null,
      phone: null,
      remarks: null,
      reportRemarks: [],
      edits: [],
    });
    const { text } = await read(await householdRecordPdf(bare));
    const flat = squash(text);
    for (const label of ['住址', '房屋间数', '鉴定机构', '鉴定日期', '鉴定报告编号', '鉴定结论', '身份证号', '联系电话']) {
      expect(flat).toContain(`${label}未记录`);
    }
    expect(flat).toContain('报表备注无');
    expect(flat).not.toContain('信息修改记录');
  });

  it.each([
    [10, 1],
    [30, 1],
  ])('keeps %i history entries on %i page', async (entries, expectedPages) => {
    const { pages, text } = await read(await householdRecordPdf(record({ history: longHistory(entries) })));
    expect(pages).toBe(expectedPages);
    expect(squash(text)).toContain(`第${entries}条`);
  });

  it('continues a very long history on further pages, every entry printed', async () => {
    const { pages, text } = await read(await householdRecordPdf(record({ history: longHistory(120) })));
    expect(pages).toBeGreaterThan(1);
    const flat = squash(text);
    for (let i = 1; i <= 120; i++) expect(flat).toContain(`第${i}条`);
    expect(flat).toContain(`第 1 页 / 共 ${pages} 页`.replace(/\s+/g, ''));
    // The edit log comes after the whole history.
    expect(flat.indexOf('信息修改记录')).toBeGreaterThan(flat.indexOf('第120条'));
  });

  it('prints the household’s photos upright on pages after the record, with stage, date, uploader and caption', async () => {
    const sharp = (await import('sharp')).default;
    const jpeg = async (width: number, height: number) =>
      new Uint8Array(
        await sharp({ create: { width, height, channels: 3, background: '#4a7' } })
          .jpeg()
          .toBuffer(),
      );
    const photos = [
      {
        stage: 'before' as const,
        takenOn: '2021-11-01',
        caption: '东墙开裂',
        uploadedBy: '王办事员',
        width: 480,
        height: 360,
        jpeg: await jpeg(480, 360),
      },
      { stage: 'after' as const, takenOn: null, caption: null, uploadedBy: '李验收', width: 360, height: 480, jpeg: await jpeg(360, 480) },
    ];
    const pdf = await householdRecordPdf(record({ photos }));
    const { pages, text } = await read(pdf);
    expect(pages).toBe(2);
    const flat = text.replace(/\s+/g, '');
    for (const expected of ['照片（2张）', '修缮前·2021-11-01·王办事员', '东墙开裂', '修缮后·拍摄日期未填·李验收'])
      expect(flat).toContain(expected);
    // Both images are embedded as given: the portrait one stays portrait.
    const images = [...pdf.toString('latin1').matchAll(/\/Subtype \/Image[\s\S]*?\/Width (\d+)[\s\S]*?\/Height (\d+)/g)].map(
      (m) => `${m[1]}x${m[2]}`,
    );
    expect(images.sort()).toEqual(['360x480', '480x360']);
  });
});
