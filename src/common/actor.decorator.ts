import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';

export const UNKNOWN_ACTOR = 'unknown';
const MAX_ACTOR_LENGTH = 100;

/**
 * Reads who is acting from the `X-Actor` header (percent-encoded when it is not ASCII, e.g.
 * `%E5%BC%A0%E4%B8%89` for 张三), or `unknown`. Stands in until accounts exist.
 */
export function readActor(header: string | string[] | undefined): string {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return UNKNOWN_ACTOR;
  let actor: string;
  try {
    actor = decodeURIComponent(raw).trim();
  } catch {
    throw new BadRequestException('X-Actor header is not valid percent-encoded UTF-8');
  }
  if (actor.length === 0) return UNKNOWN_ACTOR;
  if (actor.length > MAX_ACTOR_LENGTH) {
    throw new BadRequestException(`X-Actor header must be at most ${MAX_ACTOR_LENGTH} characters`);
  }
  return actor;
}

export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  readActor(context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['x-actor']),
);
