import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { MAX_ID } from '../../common/parse-id.pipe.js';
import { REGION_LEVELS, type RegionLevel } from '../../regions/region-level.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../password-policy.js';
import { ROLES, type Role } from '../roles.js';
import { IsReadableText } from '../../common/readable-text.decorator.js';

export class ScopeNodeDto {
  @ApiProperty({ enum: REGION_LEVELS })
  @IsIn(REGION_LEVELS)
  level: RegionLevel;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  id: number;
}

export class CreateUserDto {
  @ApiProperty({ example: 'wang.mengfeng', description: 'Letters, digits, dot, dash, underscore' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,50}$/, { context: { code: 'invalid_username' } })
  username: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;

  @ApiProperty({ example: '王建国' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  @IsReadableText({ required: true })
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ type: [ScopeNodeDto], description: 'Region nodes the user works in (ignored for admin)' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ScopeNodeDto)
  scope: ScopeNodeDto[];
}
