import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, type AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserResponse } from './dto/user.response.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '列出所有账号' })
  @ApiOkResponse({ type: [UserResponse] })
  list(): Promise<UserResponse[]> {
    return this.users.list();
  }

  @Get(':id')
  @ApiOperation({ summary: '查看一个账号' })
  @ApiOkResponse({ type: UserResponse })
  get(@Param('id', ParseIdPipe) id: number): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Post()
  @ApiOperation({ summary: '新建账号' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'Username taken' })
  create(@Body() dto: CreateUserDto, @CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.create(dto, actorOf(user));
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改账号（姓名、角色、管辖范围、停用、重设密码）' })
  @ApiOkResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'It would leave no active admin' })
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateUserDto, @CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.update(id, dto, actorOf(user));
  }
}
