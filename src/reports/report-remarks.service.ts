import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { problem } from '../common/messages/problem.js';
import { raiseGenerations, REMARKS_SHARD } from '../database/report-generations.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { RegionsService } from '../regions/regions.service.js';
import { toReportRemarkResponse, type CreateReportRemarkDto, type ReportRemarkResponse } from './dto/report-remark.dto.js';
import { ReportRemark } from './entities/report-remark.entity.js';

/** Remarks that belong to one village's row for one grade; they appear in every report row above it. */
@Injectable()
export class ReportRemarksService {
  private readonly logger = new Logger(ReportRemarksService.name);

  constructor(
    @InjectRepository(ReportRemark) private readonly remarks: Repository<ReportRemark>,
    private readonly regions: RegionsService,
    private readonly writes: WriteTransactions,
  ) {}

  async list(villageId: number, user: AuthUser): Promise<ReportRemarkResponse[]> {
    await this.regions.getVillage(villageId, user);
    const rows = await this.remarks.find({ where: { villageId }, order: { grade: 'ASC', id: 'ASC' } });
    return rows.map(toReportRemarkResponse);
  }

  async add(villageId: number, dto: CreateReportRemarkDto, user: AuthUser): Promise<ReportRemarkResponse> {
    await this.regions.getVillage(villageId, user);
    const text = dto.text.trim();
    const remark = await this.writes.run(async (manager) => {
      if (await manager.existsBy(ReportRemark, { villageId, grade: dto.grade, text })) {
        throw new ConflictException(problem('remark_exists', { villageId, grade: dto.grade }));
      }
      const saved = await manager.save(manager.create(ReportRemark, { villageId, grade: dto.grade, text }));
      await raiseGenerations(manager, [REMARKS_SHARD]);
      return saved;
    });
    this.logger.log({ villageId, grade: dto.grade, remarkId: remark.id, userId: user.id }, 'report remark added');
    return toReportRemarkResponse(remark);
  }
}
