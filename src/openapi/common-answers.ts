import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, ResponseObject } from '@nestjs/swagger';
import { ROLE_LABELS, type Role } from '../users/roles.js';
import { ErrorBodyResponse } from './error-body.response.js';

/** Set by @Public() (auth/public.decorator.ts): the operation answers without signing in. Read here, then removed. */
export const PUBLIC_EXTENSION = 'x-public';
/** Set by @Roles() (auth/roles.decorator.ts): the roles that may call the operation. Kept in the document for clients. */
export const ROLES_EXTENSION = 'x-roles';

/** What of an operation decides the errors it can answer whatever it does. */
export interface OperationFacts {
  method: string;
  path: string;
  public: boolean;
  roles: readonly Role[] | null;
  /** It takes path or query parameters. */
  hasParameters: boolean;
  body: 'json' | 'other' | null;
  /** The most bytes its body may have. */
  bodyLimitBytes: number;
}

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * The errors any operation with these facts can answer, by status, with what each means. The
 * guard, pipes, body parser and exception filter give them to every route alike, so they are
 * documented here once rather than on each route; a route's own words for a status win.
 */
export function commonAnswers(facts: OperationFacts): Record<number, string> {
  const answers: Record<number, string> = {};
  if (facts.hasParameters || facts.body) {
    answers[400] = '请求有误：参数或请求内容不合规则（validation_failed：fields 列出每个出错的字段及原因）';
  }
  if (!facts.public) answers[401] = '没有登录，或登录凭证无效、已过期、已失效（sign_in_required、token_invalid、session_ended）';
  if (facts.roles) {
    answers[403] = `只有${facts.roles.map((r) => ROLE_LABELS[r]).join('、')}可以这样操作（role_forbidden）`;
  }
  if (facts.path.includes('{id}')) answers[404] = '找不到，或不在您的管辖范围内';
  if (WRITES.has(facts.method)) {
    answers[409] = '与同时写入的数据冲突，什么也没有写入（data_conflict、concurrent_change）';
  }
  if (facts.body === 'json') {
    answers[413] = `请求内容超过 ${Math.round(facts.bodyLimitBytes / 1024)} KB（body_too_large）`;
    answers[415] = '请求内容须是 JSON（unsupported_media_type）';
  }
  // Node refuses them before any route runs (common/framework-errors.ts), on every route alike.
  answers[431] = '请求头太大（headers_too_large）';
  answers[500] = '服务器内部错误，什么也没有写入（internal_error）；报告问题时请附上 requestId';
  return answers;
}

/** The body limits the HTTP adapter applies (body-limits.ts). */
export interface BodyLimits {
  bytes: number;
  byPath: Readonly<Record<string, number>>;
}

/**
 * The document with every operation's common errors added (commonAnswers), every error answer
 * given the error body's schema, and the public operations marked `security: []` (the
 * document's global security asks for a bearer token everywhere else).
 */
export function withCommonAnswers(document: OpenAPIObject, limits: BodyLimits): OpenAPIObject {
  const completed = structuredClone(document);
  for (const [path, item] of Object.entries(completed.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, OperationObject & Record<string, unknown>][]) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const isPublic = operation[PUBLIC_EXTENSION] === true;
      Reflect.deleteProperty(operation, PUBLIC_EXTENSION);
      if (isPublic) operation.security = [];
      const answers = commonAnswers({
        method,
        path,
        public: isPublic,
        roles: (operation[ROLES_EXTENSION] as Role[] | undefined) ?? null,
        hasParameters: (operation.parameters ?? []).some((p) => isParameter(p) && (p.in === 'path' || p.in === 'query')),
        body: bodyKind(operation),
        bodyLimitBytes: limits.byPath[path] ?? limits.bytes,
      });
      for (const [status, description] of Object.entries(answers)) operation.responses[status] ??= { description };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response && Number(status) >= 400 && !('$ref' in response) && !response.content) withErrorBody(response);
      }
    }
  }
  return completed;
}

function isParameter(p: ParameterObject | ReferenceObject): p is ParameterObject {
  return !('$ref' in p);
}

function bodyKind(operation: OperationObject): OperationFacts['body'] {
  const body = operation.requestBody;
  if (!body) return null;
  return '$ref' in body || !body.content['application/json'] ? 'other' : 'json';
}

function withErrorBody(response: ResponseObject): void {
  response.content = { 'application/json': { schema: { $ref: `#/components/schemas/${ErrorBodyResponse.name}` } } };
}
