import type { Language } from './language.js';

/**
 * The Chinese name of every field a request may carry, as people see it on the pages, in the
 * exports and on the printed record (户主, 发生日期, 身份证号): Chinese messages name fields by
 * these, English messages by the field as the API spells it (`occurredOn`). The web pages take
 * their labels from here too, so a page and its error messages use the same words.
 * Pure (no Nest): the pages import it.
 */
export const FIELD_LABELS = {
  // households: the ledger, the new-household form, the printed record
  villageId: '所在村',
  householder: '户主',
  address: '地址',
  rooms: '房屋间数',
  grade: '鉴定等级',
  appraisalAgency: '鉴定机构',
  appraisalDate: '鉴定日期',
  appraisalReportNo: '鉴定报告编号',
  appraisalFindings: '鉴定结论',
  designDrawings: '设计图集',
  constructionSupervision: '监理服务',
  technicalService: '技术服务',
  remarks: '备注',
  idCardNumber: '身份证号',
  phone: '联系电话',
  status: '修缮状态',
  statusOn: '状态日期',
  note: '说明',
  version: '版本号',
  placeholder: '占位记录',
  q: '户主或地址',
  page: '页码',
  pageSize: '每页户数',
  // status moves
  to: '新状态',
  occurredOn: '发生日期',
  clientId: '客户端编号',
  householdId: '住户编号',
  items: '批量操作项',
  // the acceptance record (验收记录)
  inspection: '验收记录',
  newGrade: '验收后等级',
  ownerAgrees: '户主意见',
  method: '验收方式',
  // accounts
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  displayName: '姓名',
  role: '角色',
  scope: '管辖范围',
  disabled: '停用',
  level: '层级',
  id: '编号',
  // regions
  name: '名称',
  code: '区划代码',
  aliases: '别名',
  parentId: '上级地区',
  townshipId: '所属乡镇',
  // reports and files
  asOf: '统计日期',
  groupBy: '汇总层级',
  period: '报表周期',
  date: '日期',
  format: '文件格式',
  personalData: '个人信息显示方式',
  // ledger import
  skipInvalid: '跳过有误的行',
  replacePlaceholders: '替换示意数据',
  text: '备注内容',
  // photos
  stage: '拍摄阶段',
  takenOn: '拍摄日期',
  caption: '说明',
  file: '照片文件',
  // the request body as a whole (an array or a number where an object belongs)
  body: '请求内容',
} as const satisfies Record<string, string>;

export type LabelledField = keyof typeof FIELD_LABELS;

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;

/**
 * How a message names the field at `path` (`householder`, `aliases[1]`, `scope[0].level`):
 * in English as the API spells it; in Chinese by its label (户主, 别名第2项, 管辖范围第1项的层级),
 * a name without a label (an unknown field someone sent, an environment variable) as it is.
 */
export function fieldLabel(path: string, language: Language): string {
  if (language === 'en') return path;
  let label = '';
  for (const match of path.matchAll(SEGMENT)) {
    // A name, or an array index in brackets: exactly one of the two groups took part.
    const [, name, index] = match as unknown as [string, string | undefined, string | undefined];
    if (name === undefined) label += `第${Number(index) + 1}项`;
    else
      label +=
        (label ? '的' : '') + (Object.prototype.hasOwnProperty.call(FIELD_LABELS, name) ? FIELD_LABELS[name as LabelledField] : name);
  }
  return label || path;
}
