import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ROLES_EXTENSION } from '../openapi/common-answers.js';
import type { Role } from '../users/roles.js';

export const ROLES_KEY = 'roles';

/**
 * The roles that may call a route (or every route of a controller); without it, any signed-in
 * user. The OpenAPI document lists them as `x-roles` and documents the 403 the others get.
 */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension(ROLES_EXTENSION, roles));
