import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { BODY_LIMIT_BYTES, ROUTE_BODY_LIMITS } from '../body-limits.js';
import { withCommonAnswers } from './common-answers.js';
import { ErrorBodyResponse } from './error-body.response.js';

/** The document's tags, in the order a reader meets them, each with what it holds. */
const TAGS: readonly [name: string, description: string][] = [
  ['health', '服务与数据库是否在运行（无需登录）'],
  ['auth', '登录、当前账号、修改密码'],
  ['users', '账号与其角色、管辖范围（系统管理员）'],
  ['regions', '县、乡镇、村的区划树'],
  ['villages', '村及其所属乡镇、县'],
  ['households', '住户台账：鉴定信息、编辑记录、导出、验收表与住户档案'],
  ['repairs', '修缮进度：状态变更（开工、完工、验收）、批量变更、变更记录'],
  ['photos', '住户照片：上传、查看、删除'],
  ['imports', '台账导入：模板、上传、校验、提交、错误行'],
  ['reports', '进度报表：任意一天的完工率与验收率、日报与周报、报表备注'],
  ['public notice', '鉴定结果公示名单'],
];

/**
 * The OpenAPI document of the API, as /api/docs serves it and `npm run openapi` writes it:
 * the routes' own decorators, then the errors every route can answer (common-answers.ts).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('因灾受损房屋修缮进度台账 · Housing repair tracker')
    .setDescription(
      [
        '住户从鉴定、修缮、完工到验收的进度台账与报表。Households from appraisal through repair, completion (完工) and acceptance (验收); progress reports.',
        '',
        '除 `/api/health` 和 `/api/auth/login` 外，每个接口都要在请求头写 `Authorization: Bearer <accessToken>`（由登录取得）。',
        '每个错误的返回体都是 `ErrorBodyResponse`：`code` 供程序判断，稳定不变；`message` 给人看，默认中文，请求头 Accept-Language 要英文时为英文。',
      ].join('\n'),
    )
    .setVersion('1.1')
    // package.json's "UNLICENSED": not published under any licence.
    .setLicense('UNLICENSED（未开源，版权所有）', 'https://docs.npmjs.com/cli/configuring-npm/package-json#license')
    .addServer('/', '提供本文档的服务器 · the server this document is served from')
    .addBearerAuth()
    .addSecurityRequirements('bearer');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorBodyResponse] });
  return withCommonAnswers(document, { bytes: BODY_LIMIT_BYTES, byPath: ROUTE_BODY_LIMITS });
}
