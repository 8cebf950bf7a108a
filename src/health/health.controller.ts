import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator.js';
import { Clock } from '../common/clock.js';
import { problem } from '../common/messages/problem.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: '服务与数据库是否正常' })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'sqlite', time: '2021-12-23T08:00:00.000Z' } } })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async check(): Promise<{ status: 'ok'; database: string; time: string }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException(problem('database_unavailable'));
    }
    const database = this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
    return { status: 'ok', database, time: this.clock.now().toISOString() };
  }
}
