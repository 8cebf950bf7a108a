import type { RepairGrade } from '../src/households/damage-grade.js';

/**
 * Figures reported by Qingxu County (清徐县, Taiyuan, Shanxi) for houses damaged in the October
 * 2021 floods, as of 23 December 2021, in a public news report of that day on the county's
 * repairs (seeds/SOURCE.md says what it reports). Township and division codes come from
 * secondary reports of the same period.
 */
export const QINGXU_SOURCE = {
  date: '2021-12-23',
  /** Recorded as the actor of every seeded history entry. */
  actor: '清徐县2021-12-23修缮进度报道',
  title: '清徐县因灾受损房屋修缮进度公开报道（2021年12月23日）',
};

export const QINGXU_COUNTY = { name: '清徐县', code: '140121' };
export const MENGFENG_TOWNSHIP = { name: '孟封镇', code: '140121103' };

export interface VillageFigures {
  village: string;
  grade: RepairGrade;
  appraised: number;
  completed: number;
  /** null where the source gives no acceptance figure (not the same as zero). */
  accepted: number | null;
}

export const QINGXU_VILLAGES: { name: string; aliases: string[] }[] = [
  { name: '孟封村', aliases: [] },
  { name: '小武村', aliases: [] },
  { name: '阎家营村', aliases: ['闫家营村'] },
];

export const QINGXU_FIGURES: VillageFigures[] = [
  { village: '孟封村', grade: 'B', appraised: 174, completed: 158, accepted: 148 },
  { village: '孟封村', grade: 'C', appraised: 65, completed: 45, accepted: null },
  { village: '小武村', grade: 'B', appraised: 124, completed: 104, accepted: 91 },
  { village: '小武村', grade: 'C', appraised: 101, completed: 74, accepted: null },
  { village: '阎家营村', grade: 'B', appraised: 99, completed: 96, accepted: 86 },
  { village: '阎家营村', grade: 'C', appraised: 56, completed: 42, accepted: null },
];

/** The one household the source names: completed grade C in Yanjiaying. */
export const ZHENG_QINGLIANG = {
  village: '阎家营村',
  grade: 'C' as const,
  householder: '郑清亮',
  rooms: 7,
  findings: '地板下沉',
  note: '据报道：7间房屋地板下沉，鉴定为C级；施工队破除地面、找平、铺设钢筋并浇筑混凝土，地面已修复，混凝土养护约两天后即可入住',
};

export const SEED_TEXT = {
  appraisalAgency: '第三方鉴定机构（报道未具名）',
  placeholderRemarks: '占位记录：来源报道只给出了户数，未列出户主；姓名为编号，不是真实人员',
  baselineNote: `据${QINGXU_SOURCE.title}载入的基线状态（种子数据）`,
  pendingNote: '报道只给出未完工户数，未区分待修缮与施工中，暂记为待修缮',
  acceptanceNotReported: '来源报道未给出C级验收户数；此处已完工户均记为未验收，验收数不代表实际情况',
};

/** A name nobody could take for a real person's: 占位-孟封村-B-001. */
export function placeholderName(village: string, grade: RepairGrade, n: number): string {
  return `占位-${village}-${grade}-${String(n).padStart(3, '0')}`;
}
