import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  getMetadataStorage,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { ChangePasswordDto } from '../users/dto/change-password.dto.js';
import { CreateUserDto, ScopeNodeDto } from '../users/dto/create-user.dto.js';
import { UpdateUserDto } from '../users/dto/update-user.dto.js';
import { LoginDto } from '../auth/dto/login.dto.js';
import { InspectionDto, MoveFieldsDto, TransitionDto } from '../repairs/dto/transition.dto.js';
import { BatchItemDto, BatchTransitionsDto } from '../repairs/dto/batch-transitions.dto.js';
import { AcceptanceFormQueryDto } from '../households/acceptance-form.controller.js';
import { CreateHouseholdDto, HouseholdFieldsDto } from '../households/dto/create-household.dto.js';
import { HouseholdQueryDto } from '../households/dto/household-query.dto.js';
import { LedgerExportQueryDto } from '../households/dto/ledger-export-query.dto.js';
import { UpdateHouseholdDto } from '../households/dto/update-household.dto.js';
import { HouseholdRecordQueryDto } from '../households/household-record.controller.js';
import { CreateRegionDto, CreateVillageDto, RegionFieldsDto } from '../regions/dto/create-region.dto.js';
import { ProgressQueryDto } from '../reports/dto/progress-query.dto.js';
import { CreateReportRemarkDto } from '../reports/dto/report-remark.dto.js';
import { PeriodQueryDto } from '../reports/period/dto/period-query.dto.js';
import { PublicNoticeQueryDto } from '../public-notice/public-notice-query.dto.js';
import { CommitImportDto, ImportErrorsQueryDto } from '../imports/dto/import-requests.dto.js';
import { ImportTemplateQueryDto } from '../imports/dto/import-template-query.dto.js';
import { PhotoFieldsDto } from '../photos/dto/photo-fields.dto.js';
import { Environment } from '../config/env.validation.js';
import { IsIdCardNumber } from '../personal-data/id-card-number.js';
import { IsPhone } from '../personal-data/phone.js';
import { checkInContext } from './checked-string.decorator.js';
import { fieldProblems, KNOWN_CONSTRAINTS } from './class-validator-problems.js';
import { IsCalendarDate } from './is-calendar-date.decorator.js';
import { FIELD_LABELS } from './messages/field-labels.js';
import { isFieldCode, renderFieldProblem } from './messages/catalogue.js';
import { IsReadableText } from './readable-text.decorator.js';

/** Every request shape the API validates. */
const DTOS: Record<string, new () => object> = {
  ChangePasswordDto,
  ScopeNodeDto,
  CreateUserDto,
  UpdateUserDto,
  LoginDto,
  TransitionDto,
  MoveFieldsDto,
  InspectionDto,
  BatchItemDto,
  BatchTransitionsDto,
  AcceptanceFormQueryDto,
  HouseholdFieldsDto,
  CreateHouseholdDto,
  HouseholdQueryDto,
  LedgerExportQueryDto,
  UpdateHouseholdDto,
  HouseholdRecordQueryDto,
  RegionFieldsDto,
  CreateRegionDto,
  CreateVillageDto,
  ProgressQueryDto,
  CreateReportRemarkDto,
  PeriodQueryDto,
  PublicNoticeQueryDto,
  ImportTemplateQueryDto,
  CommitImportDto,
  ImportErrorsQueryDto,
  PhotoFieldsDto,
};

const rulesOf = (dto: new () => object) => getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'client' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('every rule of every request shape has a message in both languages', () => {
  it('lists every DTO class in src/', () => {
    const declared = sourceFiles(join(import.meta.dirname, '..')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^export class (\w+Dto)\b/gm)].map((m) => m[1]),
    );
    expect(declared.sort()).toEqual(Object.keys(DTOS).sort());
  });

  const rules = [...Object.entries(DTOS), ['Environment', Environment] as const].flatMap(([name, dto]) =>
    rulesOf(dto)
      .filter((rule) => rule.type !== 'conditionalValidation')
      .map((rule) => ({
        dto: name,
        property: rule.propertyName,
        rule: rule.name ?? rule.type,
        context: rule.context as { code?: unknown } | undefined,
      })),
  );

  it.each(rules)('$dto.$property: $rule is mapped to a field code', ({ rule, context }) => {
    const known = KNOWN_CONSTRAINTS.has(rule) || checkInContext(context) !== null || isFieldCode(context?.code);
    expect(known).toBe(true);
  });

  it.each(rules.filter((r) => r.dto !== 'Environment'))('$dto.$property has a Chinese label', ({ property }) => {
    expect(Object.keys(FIELD_LABELS)).toContain(property);
  });
});

class Scope {
  @IsIn(['county', 'township', 'village'])
  level!: string;

  @IsOptional()
  @IsReadableText()
  name?: string;

  @IsInt()
  @Min(1)
  id!: number;
}

class Sample {
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize!: number;

  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @IsReadableText({ required: true })
  householder!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsString({ each: true })
  @IsReadableText({ required: true }, { each: true })
  aliases?: string[];

  @IsOptional()
  @IsIn(['A', 'B', 'C', 'D'])
  grade?: string;

  @IsOptional()
  @IsCalendarDate()
  occurredOn?: string;

  @IsOptional()
  @IsBoolean()
  placeholder?: boolean;

  @IsOptional()
  @IsIdCardNumber()
  idCardNumber?: string;

  @IsOptional()
  @IsPhone()
  phone?: string;

  @IsOptional()
  @Matches(/^[a-z]{3,}$/, { context: { code: 'invalid_username' } })
  username?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Scope)
  scope?: Scope[];
}

const valid = { pageSize: 50, householder: '郑清亮' };

/** What the validation pipe would answer for `body` (with whitelisting, as the pipe does). */
function problemsFor(body: Record<string, unknown>) {
  const errors = validateSync(plainToInstance(Sample, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: true, value: true },
  });
  return fieldProblems(errors).map((p) => ({
    field: p.field,
    code: p.code,
    params: p.params,
    zh: renderFieldProblem('zh', p),
    en: renderFieldProblem('en', p),
  }));
}

describe('fieldProblems', () => {
  it('answers a valid body with nothing', () => {
    expect(problemsFor(valid)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, { field: string; code: string; params?: object; zh: string; en: string }]>([
    [
      'isInt before min and max',
      { pageSize: 'x' },
      { field: 'pageSize', code: 'not_an_integer', zh: '每页户数必须是整数', en: 'pageSize must be an integer number' },
    ],
    [
      'min, with its parameter',
      { pageSize: 0 },
      { field: 'pageSize', code: 'too_small', params: { min: 1 }, zh: '每页户数不能小于 1', en: 'pageSize must not be less than 1' },
    ],
    [
      'max, with its parameter',
      { pageSize: 501 },
      {
        field: 'pageSize',
        code: 'too_large',
        params: { max: 500 },
        zh: '每页户数不能大于 500',
        en: 'pageSize must not be greater than 500',
      },
    ],
    [
      'isString',
      { householder: 7 },
      { field: 'householder', code: 'not_a_string', zh: '户主必须是文字', en: 'householder must be a string' },
    ],
    [
      'minLength 1, before blank',
      { householder: '' },
      {
        field: 'householder',
        code: 'too_short',
        params: { min: 1 },
        zh: '户主不能为空',
        en: 'householder must be at least 1 character long',
      },
    ],
    [
      'maxLength',
      { householder: '长'.repeat(51) },
      {
        field: 'householder',
        code: 'too_long',
        params: { max: 50 },
        zh: '户主最多 50 个字符',
        en: 'householder must be at most 50 characters long',
      },
    ],
    [
      'readable text: blank',
      { householder: '\u3000\u200B' },
      { field: 'householder', code: 'blank', zh: '户主不能为空白', en: 'householder must not be blank' },
    ],
    [
      'readable text: a control character',
      { householder: '郑\u202E亮' },
      {
        field: 'householder',
        code: 'control_character',
        zh: '户主含有不能使用的控制字符或文字方向字符：第 2 个字符 U+202E',
        en: 'householder must not contain control or direction-changing characters: U+202E at position 2',
      },
    ],
    [
      'readable text in an array: its first bad item',
      { aliases: ['新庄村', '\u200B'] },
      { field: 'aliases[1]', code: 'blank', zh: '别名第2项不能为空白', en: 'aliases[1] must not be blank' },
    ],
    [
      'isArray',
      { aliases: 'x' },
      { field: 'aliases', code: 'not_an_array', zh: '别名必须是列表（JSON 数组）', en: 'aliases must be an array' },
    ],
    [
      'arrayMaxSize',
      { aliases: ['一', '二', '三'] },
      {
        field: 'aliases',
        code: 'too_many_items',
        params: { max: 2 },
        zh: '别名最多 2 项',
        en: 'aliases must contain no more than 2 elements',
      },
    ],
    [
      'isIn, with the values allowed',
      { grade: 'E' },
      {
        field: 'grade',
        code: 'not_one_of',
        params: { allowed: ['A', 'B', 'C', 'D'] },
        zh: '鉴定等级只能是以下之一：A、B、C、D',
        en: 'grade must be one of the following values: A, B, C, D',
      },
    ],
    [
      'isCalendarDate',
      { occurredOn: '2021-02-30' },
      {
        field: 'occurredOn',
        code: 'not_a_date',
        zh: '发生日期必须是日期，写作 YYYY-MM-DD（如 2021-12-23）',
        en: 'occurredOn must be a calendar date written YYYY-MM-DD',
      },
    ],
    [
      'isBoolean',
      { placeholder: 'yes' },
      { field: 'placeholder', code: 'not_a_boolean', zh: '占位记录必须是 true 或 false', en: 'placeholder must be a boolean value' },
    ],
    [
      'an ID-card number',
      { idCardNumber: '1401211990' },
      { field: 'idCardNumber', code: 'id_card_length', zh: '身份证号应为 18 位', en: 'idCardNumber must be 18 characters' },
    ],
    [
      'a phone number',
      { phone: '5551234' },
      {
        field: 'phone',
        code: 'phone_kind',
        zh: '联系电话应为手机号（1 开头的 11 位数字）或带区号的固定电话（0 开头）',
        en: 'phone must be a mobile number (11 digits starting 1) or a landline with its area code (starting 0)',
      },
    ],
    [
      'a CheckedString rule given no string',
      { phone: 13812345678 },
      { field: 'phone', code: 'not_a_string', zh: '联系电话必须是文字', en: 'phone must be a string' },
    ],
    [
      'a decorator naming its code in its context',
      { username: 'A!' },
      {
        field: 'username',
        code: 'invalid_username',
        zh: '用户名须为 3–50 个英文字母、数字、点、短横线或下划线',
        en: 'username must be 3–50 letters, digits, dots, dashes or underscores',
      },
    ],
    [
      'an unknown field',
      { extra: 1 },
      { field: 'extra', code: 'unknown_field', zh: '不接受字段“extra”，请删去', en: 'Field "extra" is not accepted: remove it' },
    ],
    [
      'an unknown field named like a known one: quoted as sent, not by the known one’s label',
      { 'pageSize[]': 1 },
      {
        field: 'pageSize[]',
        code: 'unknown_field',
        zh: '不接受字段“pageSize[]”，请删去',
        en: 'Field "pageSize[]" is not accepted: remove it',
      },
    ],
    [
      'an unknown field that has a label elsewhere',
      { villageId: 3 },
      {
        field: 'villageId',
        code: 'unknown_field',
        zh: '不接受字段“villageId”，请删去',
        en: 'Field "villageId" is not accepted: remove it',
      },
    ],
    [
      'an unknown field inside an item',
      { scope: [{ level: 'county', id: 1, villageId: 3 }] },
      {
        field: 'scope[0].villageId',
        code: 'unknown_field',
        zh: '管辖范围第1项中不接受字段“villageId”，请删去',
        en: 'Field "villageId" in scope[0] is not accepted: remove it',
      },
    ],
    [
      'a list sent as a string: a list, not an object',
      { scope: 'x' },
      { field: 'scope', code: 'not_an_array', zh: '管辖范围必须是列表（JSON 数组）', en: 'scope must be an array' },
    ],
    [
      'a single value sent as a list: not text, not a list item',
      { idCardNumber: ['140121199001011234'] },
      { field: 'idCardNumber', code: 'not_a_string', zh: '身份证号必须是文字', en: 'idCardNumber must be a string' },
    ],
    [
      'a single readable text sent as a list',
      { scope: [{ level: 'county', id: 1, name: ['\u200B'] }] },
      { field: 'scope[0].name', code: 'not_a_string', zh: '管辖范围第1项的名称必须是文字', en: 'scope[0].name must be a string' },
    ],
    [
      'a list of readable texts given a string: told it is a list',
      { aliases: '\u200B' },
      { field: 'aliases', code: 'not_an_array', zh: '别名必须是列表（JSON 数组）', en: 'aliases must be an array' },
    ],
    [
      'a required item field left out',
      { scope: [{ level: 'county' }] },
      { field: 'scope[0].id', code: 'required', zh: '管辖范围第1项的编号必须填写', en: 'scope[0].id is required' },
    ],
    [
      'a required field sent as null: what it must be',
      { householder: null },
      { field: 'householder', code: 'not_a_string', zh: '户主必须是文字', en: 'householder must be a string' },
    ],
    [
      'a nested field',
      { scope: [{ level: 'province', id: 1 }] },
      {
        field: 'scope[0].level',
        code: 'not_one_of',
        zh: '管辖范围第1项的层级只能是以下之一：县（county）、乡镇（township）、村（village）',
        en: 'scope[0].level must be one of the following values: county, township, village',
      },
    ],
    [
      'a nested item that is not an object',
      { scope: [5] },
      { field: 'scope[0]', code: 'not_an_object', zh: '管辖范围第1项必须是一组字段（JSON 对象）', en: 'scope[0] must be an object' },
    ],
  ])('%s', (_case, body, expected) => {
    expect(problemsFor({ ...valid, ...body })).toEqual([{ params: expect.any(Object), ...expected }]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a text', { pageSize: 50 }, 'householder'],
    ['a number', { householder: '郑清亮' }, 'pageSize'],
  ])('answers a required field left out (%s) with required, whatever its rules', (_case, body, field) => {
    expect(problemsFor(body)).toEqual([
      {
        field,
        code: 'required',
        params: {},
        zh: `${field === 'householder' ? '户主' : '每页户数'}必须填写`,
        en: `${field} is required`,
      },
    ]);
  });

  it('leaves an optional field left out alone', () => {
    expect(problemsFor({ ...valid, aliases: undefined, grade: undefined, idCardNumber: undefined })).toEqual([]);
  });

  it('reports each failing field once, in the order of the body’s fields', () => {
    expect(problemsFor({ pageSize: 'x', householder: '' }).map((p) => [p.field, p.code])).toEqual([
      ['pageSize', 'not_an_integer'],
      ['householder', 'too_short'],
    ]);
  });
});
