import { ApiProperty } from '@nestjs/swagger';
import { REGION_LEVELS, type RegionLevel } from '../../regions/region-level.js';
import type { RegionTree } from '../../regions/region-tree.js';
import type { User } from '../entities/user.entity.js';
import { ROLES, type Role } from '../roles.js';

export class ScopeNodeResponse {
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty() id: number;
  @ApiProperty({ example: '孟封镇' }) name: string;
}

/** A user as the API shows it: never a password or its hash. */
export class UserResponse {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: [ScopeNodeResponse] }) scope: ScopeNodeResponse[];
  @ApiProperty() disabled: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export function toUserResponse(user: User, scopeRegionIds: readonly number[], tree: RegionTree): UserResponse {
  const scope = scopeRegionIds.flatMap((id) => {
    const region = tree.get(id);
    return region ? [{ level: region.level, id: region.id, name: region.name }] : [];
  });
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    scope,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
