import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MaxLength(50)
  username: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password: string;
}
