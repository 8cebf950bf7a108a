import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { Clock } from '../common/clock.js';
import type { AcceptanceForm } from '../exports/acceptance-form.types.js';
import { RenderPool } from '../exports/render-pool.js';
import { PhotoPrints } from '../photos/photo-prints.js';
import { FINISHED_HOUSE_STAGES } from '../photos/photo-stage.js';
import { RegionsService } from '../regions/regions.service.js';
import { acceptanceSummary } from '../repairs/acceptance-summary.js';
import { toStatusChangeResponse } from '../repairs/dto/status-change.response.js';
import { StatusChange } from '../repairs/entities/status-change.entity.js';
import { HouseholdsService } from './households.service.js';

/** At most this many photos on the form: three rows of three still leave room to sign. */
const FORM_PHOTOS = 6;

/** The acceptance form (验收表) of one household, printed to sign and file. */
@Injectable()
export class AcceptanceFormService {
  private readonly logger = new Logger(AcceptanceFormService.name);

  constructor(
    private readonly households: HouseholdsService,
    private readonly regions: RegionsService,
    @InjectRepository(StatusChange) private readonly changes: Repository<StatusChange>,
    private readonly photos: PhotoPrints,
    private readonly clock: Clock,
    private readonly renders: RenderPool,
  ) {}

  /** The form's data: numbers masked for every role (it is printed); the photos the verdict relied on, else those of the finished house. */
  async form(id: number, user: AuthUser): Promise<AcceptanceForm> {
    const household = await this.households.get(id, user, 'masked');
    const village = await this.regions.getVillage(household.villageId, user);
    const history = (await this.changes.find({ where: { householdId: id }, order: { id: 'ASC' } })).map(toStatusChangeResponse);
    const summary = acceptanceSummary(history);
    const reliedOn = summary.verdict?.record?.photoIds;
    const photos = await this.photos.forHousehold(id, {
      ...(reliedOn && reliedOn.length > 0 ? { ids: reliedOn } : { stages: FINISHED_HOUSE_STAGES }),
      variant: 'display',
      limit: FORM_PHOTOS,
    });
    return {
      county: village.county.name,
      township: village.township.name,
      village: village.name,
      householder: household.householder,
      idCardNumber: household.idCardNumber,
      phone: household.phone,
      address: household.address,
      rooms: household.rooms,
      grade: household.grade,
      status: household.status,
      appraisal: household.appraisal,
      summary,
      photos,
      printedBy: user.displayName,
      generatedAt: this.clock.now(),
    };
  }

  async pdf(id: number, user: AuthUser): Promise<{ content: Buffer; fileName: string }> {
    const form = await this.form(id, user);
    const content = await this.renders.acceptanceFormPdf(form, user);
    this.logger.log({ householdId: id, userId: user.id, photos: form.photos.length, bytes: content.length }, 'acceptance form printed');
    return { content, fileName: `${form.village}_${form.householder}_验收表.pdf` };
  }
}
