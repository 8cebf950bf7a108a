import { ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { maySeePersonalData } from '../auth/permissions.js';
import { Clock } from '../common/clock.js';
import { FIELD_LABELS } from '../common/messages/field-labels.js';
import { problem } from '../common/messages/problem.js';
import type { HouseholdRecord } from '../exports/household-record.types.js';
import { RenderPool } from '../exports/render-pool.js';
import { PhotoPrints } from '../photos/photo-prints.js';
import { RegionsService } from '../regions/regions.service.js';
import { StatusChange } from '../repairs/entities/status-change.entity.js';
import { toStatusChangeResponse } from '../repairs/dto/status-change.response.js';
import { ReportRemark } from '../reports/entities/report-remark.entity.js';
import { HouseholdEdit } from './entities/household-edit.entity.js';
import type { Role } from '../users/roles.js';
import { HouseholdsService } from './households.service.js';
import { toHouseholdEditResponse } from './dto/household.response.js';

/** Field names as the printed record shows them: the words of the pages and the error messages. */
const fieldLabel = (field: string): string =>
  Object.prototype.hasOwnProperty.call(FIELD_LABELS, field) ? FIELD_LABELS[field as keyof typeof FIELD_LABELS] : field;

const printable = (value: unknown): string =>
  value === null || value === undefined
    ? '（空）'
    : typeof value === 'boolean'
      ? value
        ? '是'
        : '否'
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);

/** The record prints the latest this many photos (thumbnails: about 40 KB each). */
const RECORD_PHOTOS = 60;

/** How a printed record shows ID-card and phone numbers (`?personalData=`). */
export const RECORD_PERSONAL_DATA = ['masked', 'full'] as const;
export type RecordPersonalData = (typeof RECORD_PERSONAL_DATA)[number];

export class FullPersonalDataNotAllowedException extends ForbiddenException {
  constructor(role: Role) {
    super(problem('personal_data_not_allowed', { role }));
  }
}

/** One household's appraisal, status, history and remarks on a printable page. */
@Injectable()
export class HouseholdRecordService {
  private readonly logger = new Logger(HouseholdRecordService.name);

  constructor(
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    @InjectRepository(StatusChange) private readonly changes: Repository<StatusChange>,
    @InjectRepository(HouseholdEdit) private readonly edits: Repository<HouseholdEdit>,
    @InjectRepository(ReportRemark) private readonly remarks: Repository<ReportRemark>,
    private readonly clock: Clock,
    private readonly renders: RenderPool,
    private readonly photos: PhotoPrints,
  ) {}

  /**
   * The record as it is printed: ID-card and phone numbers masked for every role unless
   * `personalData` is `full`, which only the roles that may see them can ask for.
   */
  async record(id: number, user: AuthUser, personalData: RecordPersonalData = 'masked'): Promise<HouseholdRecord> {
    if (personalData === 'full' && !maySeePersonalData(user.role)) throw new FullPersonalDataNotAllowedException(user.role);
    const household = await this.households.get(id, user, personalData === 'full' ? 'as_role_allows' : 'masked');
    const village = await this.regions.getVillage(household.villageId, user);
    const [history, edits, remarks, photos] = await Promise.all([
      this.changes.find({ where: { householdId: id }, order: { id: 'ASC' } }),
      this.edits.find({ where: { householdId: id }, order: { id: 'ASC' } }),
      this.remarks.find({ where: { villageId: household.villageId }, order: { id: 'ASC' } }),
      this.photos.forHousehold(id, { variant: 'thumbnail', limit: RECORD_PHOTOS }),
    ]);
    return {
      county: village.county.name,
      township: village.township.name,
      village: village.name,
      householder: household.householder,
      address: household.address,
      rooms: household.rooms,
      grade: household.grade,
      appraisal: household.appraisal,
      status: household.status,
      freeServices: household.freeServices,
      remarks: household.remarks,
      idCardNumber: household.idCardNumber,
      phone: household.phone,
      placeholder: household.placeholder,
      version: household.version,
      history: history.map(toStatusChangeResponse),
      edits: edits.map(toHouseholdEditResponse).map((e) => ({
        field: fieldLabel(e.field),
        oldValue: printable(e.oldValue),
        newValue: printable(e.newValue),
        actor: e.actor,
        editedAt: e.editedAt,
      })),
      reportRemarks: remarks.filter((r) => r.grade === household.grade).map((r) => r.text),
      photos,
      generatedAt: this.clock.now(),
    };
  }

  async pdf(id: number, user: AuthUser, personalData: RecordPersonalData = 'masked'): Promise<{ content: Buffer; fileName: string }> {
    const record = await this.record(id, user, personalData);
    // Drawn on a worker thread (RenderPool), off the event loop.
    const content = await this.renders.householdRecordPdf(record, user);
    // A page with full numbers travels once printed: who took one, of which household, is kept.
    if (personalData === 'full')
      this.logger.log(
        { householdId: id, userId: user.id, username: user.username, personalData },
        'household record exported with full personal data',
      );
    else this.logger.log({ householdId: id, userId: user.id, bytes: content.length }, 'household record exported');
    return { content, fileName: `${record.village}_${record.householder}_修缮档案.pdf` };
  }
}
