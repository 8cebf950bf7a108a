import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Marks a route that answers without signing in (health, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
