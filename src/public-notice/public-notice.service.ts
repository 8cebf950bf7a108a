import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { Household } from '../households/entities/household.entity.js';
import { maskName } from '../personal-data/masking.js';
import { RegionsService } from '../regions/regions.service.js';
import type { NoticeFormat } from './public-notice-query.dto.js';
import { buildPublicNoticeCsv, buildPublicNoticeXlsx, publicNoticeFileName, type PublicNotice } from './public-notice.js';
import { drawableStrings } from '../exports/drawable-strings.js';

export interface NoticeFile {
  content: Buffer;
  contentType: string;
  fileName: string;
  asciiFileName: string;
}

const CONTENT_TYPES: Record<NoticeFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The village's 公示 list: masked names, grade, appraisal agency and date; no ID or phone. */
@Injectable()
export class PublicNoticeService {
  private readonly logger = new Logger(PublicNoticeService.name);

  constructor(
    @InjectRepository(Household) private readonly households: Repository<Household>,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  async build(villageId: number, format: NoticeFormat, user: AuthUser): Promise<NoticeFile> {
    const village = await this.regions.getVillage(villageId, user);
    const households = await this.households.find({
      select: { householder: true, grade: true, appraisalAgency: true, appraisalDate: true, isPlaceholder: true },
      where: { villageId },
      order: { id: 'ASC' },
    });
    const real = households.filter((h) => !h.isPlaceholder);
    const notice: PublicNotice = {
      county: village.county.name,
      township: village.township.name,
      village: village.name,
      generatedAt: this.clock.now(),
      rows: real.map((h) => ({
        maskedName: maskName(h.householder),
        grade: h.grade,
        appraisalAgency: h.appraisalAgency,
        appraisalDate: h.appraisalDate,
      })),
      omittedPlaceholders: households.length - real.length,
    };
    // Text stored before the input rules (a NUL in a name) must not break the workbook's XML.
    const drawn = drawableStrings(notice);
    const content = format === 'csv' ? buildPublicNoticeCsv(drawn) : await buildPublicNoticeXlsx(drawn);
    this.logger.log({ villageId, format, rows: notice.rows.length, userId: user.id }, 'public notice exported');
    return {
      content,
      contentType: CONTENT_TYPES[format],
      fileName: publicNoticeFileName(notice, format),
      asciiFileName: `public-notice-village-${villageId}.${format}`,
    };
  }
}
