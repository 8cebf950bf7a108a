import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ChangePasswordDto } from '../users/dto/change-password.dto.js';
import { UsersService } from '../users/users.service.js';
import type { AuthUser } from './auth-user.js';
import { AuthService } from './auth.service.js';
import { CurrentUser } from './current-user.decorator.js';
import { LoginDto } from './dto/login.dto.js';
import { LoginResponse, MeResponse } from './dto/login.response.js';
import { Public } from './public.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @ApiOperation({ summary: '登录，取得登录凭证（accessToken）' })
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins for the account or the address; see Retry-After' })
  login(@Body() dto: LoginDto, @Req() request: { ip: string }): Promise<LoginResponse> {
    return this.auth.login(dto.username, dto.password, request.ip);
  }

  @Get('me')
  @ApiOperation({ summary: '当前账号及其管辖范围' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.auth.me(user);
  }

  @Post('password')
  @ApiOperation({ summary: '修改自己的密码' })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; every token issued before stops working, so sign in again' })
  async changePassword(@Body() dto: ChangePasswordDto, @CurrentUser() user: AuthUser): Promise<void> {
    await this.users.changeOwnPassword(user, dto);
  }
}
