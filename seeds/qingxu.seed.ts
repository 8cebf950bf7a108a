import type { DataSource, EntityManager } from 'typeorm';
import { RegionAlias } from '../src/regions/entities/region-alias.entity.js';
import { Region } from '../src/regions/entities/region.entity.js';
import type { RepairStatus } from '../src/repairs/repair-status.js';
import { ReportRemark } from '../src/reports/entities/report-remark.entity.js';
import { createHousehold, type HouseholdFields, type Recording } from '../src/household-writes/commands.js';
import { HouseholdWriter } from '../src/household-writes/household-writer.js';
import { raiseGenerations, REGIONS_SHARD, REMARKS_SHARD } from '../src/database/report-generations.js';
import type { Command } from '../src/household-writes/write-steps.js';
import {
  MENGFENG_TOWNSHIP,
  placeholderName,
  QINGXU_COUNTY,
  QINGXU_FIGURES,
  QINGXU_SOURCE,
  QINGXU_VILLAGES,
  SEED_TEXT,
  ZHENG_QINGLIANG,
  type VillageFigures,
} from './qingxu.data.js';

export type SeedOutcome = { seeded: true; households: number } | { seeded: false; reason: string };

/**
 * The statuses of one village and grade's households on the report date, in order: accepted,
 * then completed but not accepted, then not completed (recorded as pending).
 */
export function statusesFor(figures: VillageFigures): RepairStatus[] {
  const accepted = figures.accepted ?? 0;
  return [
    ...Array<RepairStatus>(accepted).fill('accepted'),
    ...Array<RepairStatus>(figures.completed - accepted).fill('completed'),
    ...Array<RepairStatus>(figures.appraised - figures.completed).fill('pending'),
  ];
}

/**
 * Loads Qingxu's 2021-12-23 figures: the county, Mengfeng Town, its three villages and 619
 * households whose statuses reproduce the source table. Runs in one transaction and does
 * nothing when Qingxu is already there (or, with `onlyIfEmpty`, when anything is).
 */
export async function seedQingxu(dataSource: DataSource, options: { onlyIfEmpty?: boolean } = {}): Promise<SeedOutcome> {
  return dataSource.transaction(async (manager) => {
    if (options.onlyIfEmpty && (await manager.count(Region)) > 0) {
      return { seeded: false, reason: 'the database already holds data' };
    }
    if (await manager.existsBy(Region, { code: QINGXU_COUNTY.code })) {
      return { seeded: false, reason: 'Qingxu County is already in the database' };
    }
    const villages = await createRegions(manager);
    const recording: Recording = {
      actor: { userId: null, name: QINGXU_SOURCE.actor },
      role: 'admin',
      today: QINGXU_SOURCE.date,
      now: new Date(),
    };
    const commands: Command<unknown>[] = [];
    for (const figures of QINGXU_FIGURES) {
      const villageId = villages.get(figures.village)!;
      const statuses = statusesFor(figures);
      const named = figures.village === ZHENG_QINGLIANG.village && figures.grade === ZHENG_QINGLIANG.grade;
      // Zheng Qingliang takes the first completed-not-accepted place of his village and grade.
      const zhengAt = named ? statuses.indexOf('completed') : -1;
      for (const [i, status] of statuses.entries()) {
        const isZheng = i === zhengAt;
        const notes = [SEED_TEXT.baselineNote, isZheng ? ZHENG_QINGLIANG.note : null, status === 'pending' ? SEED_TEXT.pendingNote : null];
        const fields: HouseholdFields = {
          villageId,
          householder: isZheng ? ZHENG_QINGLIANG.householder : placeholderName(figures.village, figures.grade, i + 1),
          rooms: isZheng ? ZHENG_QINGLIANG.rooms : null,
          grade: figures.grade,
          appraisalAgency: SEED_TEXT.appraisalAgency,
          appraisalFindings: isZheng ? ZHENG_QINGLIANG.findings : null,
          remarks: isZheng ? null : SEED_TEXT.placeholderRemarks,
        };
        commands.push(
          createHousehold(
            {
              fields,
              status,
              statusOn: QINGXU_SOURCE.date,
              note: notes.filter(Boolean).join('；'),
              isPlaceholder: !isZheng,
              assertVillage: () => undefined,
            },
            recording,
          ),
        );
      }
      if (figures.accepted === null) {
        await manager.insert(ReportRemark, { villageId, grade: figures.grade, text: SEED_TEXT.acceptanceNotReported });
      }
    }
    // Through the one write path, in this transaction: the households, their baselines and the counters.
    const households = (await HouseholdWriter.within(manager, commands)).length;
    // The regions and remarks were written around the write path: reports kept before the seed are out of date.
    await raiseGenerations(manager, [REMARKS_SHARD, REGIONS_SHARD]);
    return { seeded: true, households };
  });
}

async function createRegions(manager: EntityManager): Promise<Map<string, number>> {
  const county = await manager.save(manager.create(Region, { level: 'county', parentId: null, ...QINGXU_COUNTY }));
  const township = await manager.save(manager.create(Region, { level: 'township', parentId: county.id, ...MENGFENG_TOWNSHIP }));
  const ids = new Map<string, number>();
  for (const { name, aliases } of QINGXU_VILLAGES) {
    const village = await manager.save(manager.create(Region, { level: 'village', parentId: township.id, name, code: null }));
    for (const alias of aliases) await manager.insert(RegionAlias, { regionId: village.id, name: alias });
    ids.set(name, village.id);
  }
  return ids;
}
