import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, type AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserResponse } from './dto/user.response.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: [UserResponse] })
  list(): Promise<UserResponse[]> {
    return this.users.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  get(@Param('id', ParseIdPipe) id: number): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'Username taken' })
  create(@Body() dto: CreateUserDto, @CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.create(dto, actorOf(user));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'It would leave no active admin' })
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: UpdateUserDto, @CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.update(id, dto, actorOf(user));
  }
}
