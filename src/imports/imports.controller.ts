import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { attachment } from '../common/content-disposition.js';
import { invalidField } from '../common/errors.js';
import type { Language } from '../common/messages/language.js';
import { issue, problem } from '../common/messages/problem.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { RequestLanguage } from '../common/request-language.decorator.js';
import { CommitImportDto, ImportErrorsQueryDto } from './dto/import-requests.dto.js';
import type { ImportResponse } from './dto/import-response.js';
import { ImportTemplateQueryDto } from './dto/import-template-query.dto.js';
import { buildErrorsFile } from './errors-file.js';
import { ImportTemplateService } from './import-template.service.js';
import { ledgerFileRefused, LedgerImportsService, type UploadedLedger } from './ledger-imports.service.js';
import { LEDGER_LIMITS, LedgerFileRefusal } from './reading/ledger-file.js';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Ledger import (台账导入): the roles that enter households, as POST /api/households. */
@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly templates: ImportTemplateService,
    private readonly imports: LedgerImportsService,
  ) {}

  @Get('template')
  @ApiOperation({ summary: '下载台账导入模板' })
  @Roles('admin', 'staff')
  @ApiProduces(CONTENT_TYPES.xlsx, 'text/csv')
  @ApiOkResponse({
    description:
      'An empty ledger (台账导入模板): the canonical headers, one example row, dropdowns for 村 (your villages), 鉴定等级 and the 是/否 columns, and a 说明 sheet; as CSV the header and example rows only',
  })
  @ApiForbiddenResponse({ description: 'Only admin and staff accounts enter households' })
  async template(@Query() query: ImportTemplateQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const file = await this.templates.build(query.format, user);
    return new StreamableFile(file.content, {
      type: file.contentType,
      disposition: attachment(file.fileName, file.asciiFileName),
      length: file.content.length,
    });
  }

  @Post()
  @ApiOperation({ summary: '上传台账文件（后台校验）' })
  @HttpCode(202)
  @Roles('admin', 'staff')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The ledger, .xlsx or .csv (UTF-8 or GB18030), at most 20 MB' },
        replacePlaceholders: {
          type: 'string',
          enum: ['true', 'false'],
          description: 'Remove the placeholder households of the villages the file fills',
        },
      },
    },
  })
  @ApiBadRequestResponse({
    description:
      'No file or an unknown field; a file that is empty, unreadable, unpacks too large or has no worksheet (ledger_file_refused)',
  })
  @ApiPayloadTooLargeResponse({ description: `Over ${LEDGER_LIMITS.maxBytes / 1024 / 1024} MB (ledger_file_refused)` })
  @ApiUnsupportedMediaTypeResponse({
    description: 'Not multipart (import_file_missing); an .xls, encrypted or macro workbook, or not a spreadsheet (ledger_file_refused)',
  })
  @ApiAcceptedResponse({
    description: 'Stored; validation runs in the background (poll GET /api/imports/:id). Nothing is written to households',
  })
  async upload(
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
    @RequestLanguage() language: Language,
  ): Promise<ImportResponse> {
    return this.imports.upload(await readUpload(request), user, language);
  }

  @Get()
  @ApiOperation({ summary: '最近的导入' })
  @Roles('admin', 'staff')
  @ApiOkResponse({ description: 'The 50 newest imports you may see (an admin every one, staff their own), newest first' })
  list(@CurrentUser() user: AuthUser, @RequestLanguage() language: Language): Promise<ImportResponse[]> {
    return this.imports.list(user, language);
  }

  @Get(':id')
  @ApiOperation({ summary: '一次导入的进度与校验结果' })
  @Roles('admin', 'staff')
  @ApiOkResponse({ description: 'The import: status, progress, summary, warnings and the first 1,000 invalid rows' })
  get(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthUser, @RequestLanguage() language: Language): Promise<ImportResponse> {
    return this.imports.get(id, user, language);
  }

  @Post(':id/commit')
  @ApiOperation({ summary: '提交导入，写入住户' })
  @HttpCode(202)
  @Roles('admin', 'staff')
  @ApiAcceptedResponse({ description: 'The commit runs in the background: all of the file or none of it' })
  commit(
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: CommitImportDto,
    @CurrentUser() user: AuthUser,
    @RequestLanguage() language: Language,
  ): Promise<ImportResponse> {
    return this.imports.commit(id, dto?.skipInvalid ?? false, user, language);
  }

  @Get(':id/errors')
  @ApiOperation({ summary: '下载出错的行' })
  @Roles('admin', 'staff')
  @ApiProduces(CONTENT_TYPES.xlsx, 'text/csv')
  @ApiOkResponse({ description: 'The invalid rows as the file had them, with a 错误说明 column' })
  async errors(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: ImportErrorsQueryDto,
    @CurrentUser() user: AuthUser,
    @RequestLanguage() language: Language,
  ): Promise<StreamableFile> {
    const { record, bytes, errors } = await this.imports.forErrorsFile(id, user);
    const content = await buildErrorsFile(bytes, record.format, record.headerRow ?? 1, errors, language, query.format);
    const base = record.fileName.replace(/\.(xlsx|csv)$/i, '');
    return new StreamableFile(content, {
      type: CONTENT_TYPES[query.format],
      disposition: attachment(`${base}-错误行.${query.format}`, `import-${id}-errors.${query.format}`),
      length: content.length,
    });
  }
}

/** The multipart upload: its one file (read whole: at most the ledger limit) and the replacePlaceholders field. */
async function readUpload(request: FastifyRequest): Promise<UploadedLedger> {
  if (!request.isMultipart()) throw new UnsupportedMediaTypeException(problem('import_file_missing'));
  let file: { fileName: string; bytes: Buffer } | null = null;
  let replacePlaceholders = false;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw invalidField(part.fieldname, issue('unknown_field', { key: part.fieldname, within: '' }));
        }
        file = { fileName: part.filename || 'ledger', bytes: await part.toBuffer() };
      } else if (part.fieldname === 'replacePlaceholders') {
        const value = String(part.value);
        if (value !== 'true' && value !== 'false') {
          throw invalidField('replacePlaceholders', issue('not_one_of', { allowed: ['true', 'false'] }));
        }
        replacePlaceholders = value === 'true';
      } else {
        throw invalidField(part.fieldname, issue('unknown_field', { key: part.fieldname, within: '' }));
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw ledgerFileRefused(new LedgerFileRefusal('too_large'));
    if (typeof code === 'string' && code.startsWith('FST_')) throw new BadRequestException(problem('malformed_request'));
    throw error;
  }
  if (!file) throw new BadRequestException(problem('import_file_missing'));
  return { ...file, replacePlaceholders };
}
