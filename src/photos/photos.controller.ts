import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { PhotoResponse } from './dto/photo.response.js';
import { ifNoneMatchHits, PHOTO_CACHE_CONTROL, photoEtag } from './photo-caching.js';
import type { PhotoVariant } from './photo-files.js';
import { PHOTO_LIMITS } from './photo-images.js';
import { PHOTO_STAGES } from './photo-stage.js';
import { readPhotoUpload } from './photo-upload.js';
import { PhotosService } from './photos.service.js';

const MAX_MB = PHOTO_LIMITS.maxBytes / 1024 / 1024;

const NOT_MODIFIED = 'If-None-Match named this copy: the caller holds it already (no body)';

/** The roles that record work or acceptance, and so take photos of it. */
const UPLOADERS = ['admin', 'staff', 'inspector'] as const;

/** A household's photos (照片): evidence of its repair. */
@ApiTags('photos')
@Controller('households/:id/photos')
export class HouseholdPhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Post()
  @ApiOperation({ summary: '上传住户照片' })
  @Roles(...UPLOADERS)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'stage'],
      properties: {
        file: { type: 'string', format: 'binary', description: `The photo: JPEG, PNG or WebP (judged by its bytes), at most ${MAX_MB} MB` },
        stage: { type: 'string', enum: [...PHOTO_STAGES], description: '拍摄阶段' },
        takenOn: { type: 'string', format: 'date', description: 'The county date it was taken (拍摄日期); never after today' },
        caption: { type: 'string', maxLength: 200, description: '说明' },
      },
    },
  })
  @ApiCreatedResponse({
    type: PhotoResponse,
    description: 'Kept as an upright display copy and a thumbnail without EXIF or location data; the upload itself is not kept',
  })
  @ApiBadRequestResponse({ description: 'A field is wrong (validation_failed), or no file (photo_file_missing)' })
  @ApiNotFoundResponse({ description: 'The household is unknown, or outside your scope' })
  @ApiPayloadTooLargeResponse({ description: `Over ${MAX_MB} MB (photo_too_large) or 100 megapixels (photo_too_many_pixels)` })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not a JPEG, PNG or WebP image (photo_not_an_image), or not multipart' })
  @ApiUnprocessableEntityResponse({ description: 'An image that cannot be decoded (photo_unreadable)' })
  @ApiServiceUnavailableResponse({ description: 'The photo storage is full (photo_storage_full): tell the administrator' })
  async upload(
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<PhotoResponse> {
    // Before the body is read: a household out of scope costs nothing more.
    await this.photos.assertHouseholdVisible(id, user);
    return this.photos.upload(id, await readPhotoUpload(request), user);
  }

  @Get()
  @ApiOperation({ summary: '住户的照片' })
  @ApiOkResponse({ type: [PhotoResponse], description: 'The household’s photos, oldest first' })
  @ApiNotFoundResponse({ description: 'The household is unknown, or outside your scope' })
  list(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthUser): Promise<PhotoResponse[]> {
    return this.photos.list(id, user);
  }
}

@ApiTags('photos')
@Controller('photos')
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Get(':id')
  @ApiOperation({ summary: '查看照片' })
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'The display copy (longest side at most 1600 px), upright, without metadata. ETag; 304 on If-None-Match' })
  @ApiNotModifiedResponse({ description: NOT_MODIFIED })
  @ApiNotFoundResponse({ description: 'Unknown, or outside your scope' })
  display(
    @Param('id', ParseIdPipe) id: number,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile | undefined> {
    return this.image(id, 'display', ifNoneMatch, user, reply);
  }

  @Get(':id/thumbnail')
  @ApiOperation({ summary: '照片缩略图' })
  @ApiProduces('image/jpeg')
  @ApiOkResponse({ description: 'The thumbnail (at most 480 px wide), upright, without metadata. ETag; 304 on If-None-Match' })
  @ApiNotModifiedResponse({ description: NOT_MODIFIED })
  @ApiNotFoundResponse({ description: 'Unknown, or outside your scope' })
  thumbnail(
    @Param('id', ParseIdPipe) id: number,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile | undefined> {
    return this.image(id, 'thumbnail', ifNoneMatch, user, reply);
  }

  @Delete(':id')
  @ApiOperation({ summary: '删除照片' })
  @HttpCode(204)
  @Roles(...UPLOADERS)
  @ApiNoContentResponse({ description: 'Deleted, and logged in the household’s edit log' })
  @ApiForbiddenResponse({ description: 'Only the uploader within 24 hours, or an admin (photo_delete_not_allowed)' })
  @ApiConflictResponse({ description: 'The household is accepted and its acceptance relied on this photo (photo_used_by_acceptance)' })
  @ApiNotFoundResponse({ description: 'Unknown, or outside your scope' })
  async remove(@Param('id', ParseIdPipe) id: number, @CurrentUser() user: AuthUser): Promise<void> {
    await this.photos.delete(id, user);
  }

  /** The copy, or 304 when the caller holds it already (asked after the scope check, so a 304 tells nothing to others). */
  private async image(
    id: number,
    variant: PhotoVariant,
    ifNoneMatch: string | undefined,
    user: AuthUser,
    reply: FastifyReply,
  ): Promise<StreamableFile | undefined> {
    const photo = await this.photos.visible(id, user);
    const etag = photoEtag(photo.sha256, variant);
    reply.header('ETag', etag);
    reply.header('Cache-Control', PHOTO_CACHE_CONTROL);
    if (ifNoneMatchHits(ifNoneMatch, etag)) {
      reply.status(304);
      return undefined;
    }
    const data = await this.photos.image(photo, variant);
    return new StreamableFile(data, { type: 'image/jpeg', length: data.length });
  }
}
