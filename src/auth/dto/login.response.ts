import { ApiProperty } from '@nestjs/swagger';
import { ScopeNodeResponse } from '../../users/dto/user.response.js';
import { ROLES, type Role } from '../../users/roles.js';

export class SignedInUserResponse {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: '2021-12-23T16:00:00.000Z' }) expiresAt: string;
  @ApiProperty({ type: SignedInUserResponse }) user: SignedInUserResponse;
}

export class MeResponse extends SignedInUserResponse {
  @ApiProperty({ type: [ScopeNodeResponse], description: 'Empty for an admin, who covers everything' })
  scope: ScopeNodeResponse[];
}
