import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { languageOf, type Language } from './messages/language.js';

/** The language the request asks for (Accept-Language), for answers that carry messages in their body. */
export const RequestLanguage = createParamDecorator((_data: unknown, context: ExecutionContext): Language =>
  languageOf(context.switchToHttp().getRequest<FastifyRequest>().headers['accept-language']),
);
