import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '../openapi/common-answers.js';

export const IS_PUBLIC = 'isPublic';

/**
 * Marks a route (or every route of a controller) that answers without signing in: the guard
 * lets it through, and the OpenAPI document marks it `security: []`, from this one place.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
