import { SetMetadata } from '@nestjs/common';
import type { Role } from '../users/roles.js';

export const ROLES_KEY = 'roles';

/** The roles that may call a route (or every route of a controller); without it, any signed-in user. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
