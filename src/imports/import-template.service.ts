import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { drawableText } from '../common/readable-text.js';
import { RegionsService } from '../regions/regions.service.js';
import { buildImportTemplateCsv, buildImportTemplateXlsx, TEMPLATE_FILE_NAMES, type TemplateFormat } from './import-template.js';

export interface TemplateFile {
  content: Buffer;
  contentType: string;
  fileName: string;
  asciiFileName: string;
}

const CONTENT_TYPES: Record<TemplateFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The ledger import template, its 村 dropdown listing the villages in the caller's scope. */
@Injectable()
export class ImportTemplateService {
  private readonly logger = new Logger(ImportTemplateService.name);

  constructor(
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  async build(format: TemplateFormat, user: AuthUser): Promise<TemplateFile> {
    let content: Buffer;
    if (format === 'csv') {
      content = buildImportTemplateCsv();
    } else {
      // A name stored before the input rules (a NUL) must not break the workbook's XML.
      const villages = (await this.regions.listVillages(user)).map((village) => drawableText(village.name));
      content = await buildImportTemplateXlsx({ villages, generatedAt: this.clock.now() });
    }
    this.logger.log({ format, userId: user.id }, 'import template downloaded');
    return {
      content,
      contentType: CONTENT_TYPES[format],
      fileName: TEMPLATE_FILE_NAMES[format],
      asciiFileName: `ledger-import-template.${format}`,
    };
  }
}
